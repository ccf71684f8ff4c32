package io.iamsuite.identity.api;

import io.iamsuite.identity.store.InviteRepository;

import java.time.Instant;
import java.util.List;

/** Ours: an invite in full (Segment lists invites as bare emails). */
public record InviteView(String id, String email, Instant expiresAt, String status,
                         List<UserView.PermissionView> permissions, List<String> groupIds) {
    static InviteView of(InviteRepository.InviteRow row) {
        return new InviteView(row.inviteId(), row.email(), row.expiresAt(), row.status().name(),
                UserView.permissions(row.grants()), row.groupIds());
    }
}
