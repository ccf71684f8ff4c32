package io.iamsuite.identity.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.identity.store.MemberRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segment's user: {@code {id, name, email, permissions}}. An owner shows the Workspace Owner role on the
 * workspace, as in Segment, followed by any grants they hold (kept for the day they are demoted). {@code role}
 * is ours (Segment's model ignores unknown fields).
 */
public record UserView(String id, String name, String email, List<PermissionView> permissions, MemberRole role) {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final Role OWNER = CATALOGUE.roleByName("Workspace Owner").orElseThrow();

    /** Segment's permission: one role and the resources it is granted on. */
    public record PermissionView(String roleId, String roleName, List<ResourceView> resources) {
    }

    /** A resource of a permission; {@code labels} only on a label-scoped workspace grant. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ResourceView(String id, String type, List<LabelView> labels) {
        public ResourceView(String id, String type) {
            this(id, type, List.of());
        }
    }

    public record LabelView(String key, String value) {
    }

    static UserView of(MemberRecord record) {
        return of(record, List.of());
    }

    static UserView of(MemberRecord record, List<Grant> grants) {
        List<PermissionView> permissions = new ArrayList<>();
        if (record.role == MemberRole.OWNER) {
            permissions.add(new PermissionView(OWNER.id(), OWNER.name(),
                    List.of(new ResourceView(record.workspaceId, "WORKSPACE"))));
        }
        permissions.addAll(permissions(grants));
        return new UserView(record.userId, record.name, record.email, permissions, record.role);
    }

    /** Grants grouped into Segment permissions: one per role, in the order the roles were first granted. */
    static List<PermissionView> permissions(List<Grant> grants) {
        Map<String, List<ResourceView>> byRole = new LinkedHashMap<>();
        for (Grant grant : grants) {
            byRole.computeIfAbsent(grant.roleId(), id -> new ArrayList<>()).add(new ResourceView(
                    grant.resource().id(), grant.resource().type().name(),
                    grant.labels().stream().map(UserView::label).toList()));
        }
        List<PermissionView> permissions = new ArrayList<>();
        byRole.forEach((roleId, resources) -> permissions.add(new PermissionView(roleId,
                CATALOGUE.role(roleId).map(Role::name).orElse(roleId), List.copyOf(resources))));
        return permissions;
    }

    private static LabelView label(LabelRef ref) {
        return new LabelView(ref.key(), ref.value());
    }
}
