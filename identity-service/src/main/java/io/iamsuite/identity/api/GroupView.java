package io.iamsuite.identity.api;

import io.iamsuite.identity.store.GroupRepository;

import java.util.List;

/** Segment's user group: {@code {id, name, memberCount, permissions}}; permissions join with the grants work. */
public record GroupView(String id, String name, long memberCount, List<UserView.PermissionView> permissions) {
    static GroupView of(GroupRepository.Summary summary) {
        return new GroupView(summary.groupId(), summary.name(), summary.memberCount(), List.of());
    }
}
