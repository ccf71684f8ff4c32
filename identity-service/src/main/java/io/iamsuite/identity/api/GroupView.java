package io.iamsuite.identity.api;

import io.iamsuite.events.Grant;
import io.iamsuite.identity.store.GroupRepository;

import java.util.List;

/** Segment's user group: {@code {id, name, memberCount, permissions}}. */
public record GroupView(String id, String name, long memberCount, List<UserView.PermissionView> permissions) {
    static GroupView of(GroupRepository.Summary summary) {
        return of(summary, List.of());
    }

    static GroupView of(GroupRepository.Summary summary, List<Grant> grants) {
        return new GroupView(summary.groupId(), summary.name(), summary.memberCount(), UserView.permissions(grants));
    }
}
