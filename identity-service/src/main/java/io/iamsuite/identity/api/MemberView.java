package io.iamsuite.identity.api;

import io.iamsuite.events.MemberRole;
import io.iamsuite.identity.store.MemberRecord;

/** A member as the API shows it. */
public record MemberView(String id, String email, String name, MemberRole role) {
    static MemberView of(MemberRecord record) {
        return new MemberView(record.userId, record.email, record.name, record.role);
    }
}
