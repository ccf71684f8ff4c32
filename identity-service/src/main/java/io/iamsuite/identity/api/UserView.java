package io.iamsuite.identity.api;

import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.MemberRole;
import io.iamsuite.identity.store.MemberRecord;

import java.util.List;

/**
 * Segment's user: {@code {id, name, email, permissions}}. An owner shows the Workspace Owner role on the
 * workspace, as in Segment; grants of members join the list with the permissions issue. {@code role} is
 * ours (Segment's model ignores unknown fields).
 */
public record UserView(String id, String name, String email, List<PermissionView> permissions, MemberRole role) {
    private static final Role OWNER = RoleCatalogue.load().roleByName("Workspace Owner").orElseThrow();

    public record PermissionView(String roleId, String roleName, List<ResourceView> resources) {
    }

    public record ResourceView(String id, String type) {
    }

    static UserView of(MemberRecord record) {
        List<PermissionView> permissions = record.role == MemberRole.OWNER
                ? List.of(new PermissionView(OWNER.id(), OWNER.name(),
                        List.of(new ResourceView(record.workspaceId, "WORKSPACE"))))
                : List.of();
        return new UserView(record.userId, record.name, record.email, permissions, record.role);
    }
}
