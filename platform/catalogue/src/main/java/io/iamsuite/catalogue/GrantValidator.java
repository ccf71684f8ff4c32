package io.iamsuite.catalogue;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates Segment permissions ({@code {roleId, resources: [{id, type, labels?}]}}) against the role catalogue
 * and what exists in a workspace, and flattens them to grants. Shared by every service that stores grants
 * (users and groups in identity-service, tokens in token-service), so a grant means the same everywhere.
 *
 * <ul>
 *   <li>an unknown role, a role on a type it does not apply to, or a scope the role does not allow: INVALID
 *       naming the field ({@code permissions[i].roleId}, {@code permissions[i].resources[j].type}, ...);</li>
 *   <li>a resource or label the workspace does not have, or another workspace's id: NOT_FOUND naming it.</li>
 * </ul>
 */
public final class GrantValidator {
    /** More grants in one request than this is refused (a Segment permission lists one grant per resource). */
    public static final int MAX_GRANTS_PER_REQUEST = 1000;

    private static final Comparator<LabelRef> LABEL_ORDER =
            Comparator.comparing(LabelRef::key).thenComparing(LabelRef::value);

    private GrantValidator() {
    }

    /** The grants the request asks for, validated, in request order; {@code owner} if it names Workspace Owner. */
    public record Resolved(List<Grant> grants, boolean owner) {
    }

    /**
     * Validates a list of Segment permissions and flattens it to grants (one per listed resource; labels sorted,
     * so {@code a AND b} equals {@code b AND a}). Also used for the permissions of an invite.
     */
    public static Resolved resolve(String workspaceId, Subject.Type holder, List<PermissionRequest> permissions,
                                   String prefix, KnownResources known, RoleCatalogue catalogue) {
        List<Grant> grants = new ArrayList<>();
        boolean owner = false;
        for (int i = 0; i < permissions.size(); i++) {
            PermissionRequest permission = permissions.get(i);
            String at = prefix + "[" + i + "]";
            if (permission.roleId() == null || permission.roleId().isBlank()) {
                throw invalid(at + ".roleId", "is required");
            }
            Role role = catalogue.role(permission.roleId())
                    .orElseThrow(() -> invalid(at + ".roleId", "No role with id " + permission.roleId()
                            + " (GET /roles lists them)"));
            if (permission.targets().isEmpty()) {
                throw invalid(at + ".resources", "A permission needs at least one resource");
            }
            for (int j = 0; j < permission.targets().size(); j++) {
                PermissionRequest.Target target = permission.targets().get(j);
                String field = at + ".resources[" + j + "]";
                Grant grant = grant(workspaceId, role, target, field, known, catalogue);
                if (role.kind() == RoleKind.OWNER) {
                    if (holder != Subject.Type.USER) {
                        throw invalid(at + ".roleId", role.name() + " is given to users, not to "
                                + holder.name().toLowerCase() + "s");
                    }
                    owner = true;   // a member role, not a grant: see decide()
                } else {
                    grants.add(grant);
                }
            }
        }
        if (grants.size() > MAX_GRANTS_PER_REQUEST) {
            throw invalid(prefix, "At most " + MAX_GRANTS_PER_REQUEST + " resources in one request, got "
                    + grants.size());
        }
        return new Resolved(List.copyOf(new LinkedHashSet<>(grants)), owner);
    }

    private static Grant grant(String workspaceId, Role role, PermissionRequest.Target target, String field,
                               KnownResources known, RoleCatalogue catalogue) {
        if (target.type() == null) {
            throw invalid(field + ".type", "is required");
        }
        if (target.id() == null || target.id().isBlank()) {
            throw invalid(field + ".id", "is required");
        }
        boolean labelled = !target.labels().isEmpty();
        if (labelled && target.type() != ResourceType.WORKSPACE) {
            throw invalid(field + ".labels", "Labels restrict a permission on the WORKSPACE, not on a "
                    + target.type() + "; list the " + target.type() + " itself or use the workspace with labels");
        }
        Scope scope = Scope.of(target.type(), labelled);
        if (target.type() == ResourceType.WORKSPACE) {
            if (!target.id().equals(workspaceId)) {
                throw notFound(field + ".id", "Workspace " + target.id() + " is not this workspace");
            }
        } else {
            if (!role.appliesTo().contains(target.type())) {
                throw invalid(field + ".type", role.name() + " applies to " + names(role.appliesTo())
                        + ", not to " + target.type());
            }
        }
        if (!catalogue.allows(role, scope)) {
            throw invalid(labelled ? field + ".labels" : field + ".type", role.name() + " can be granted on "
                    + describe(role.scopes()) + " only");
        }
        ResourceRef resource = new ResourceRef(target.type(), target.id());
        if (target.type() != ResourceType.WORKSPACE && !known.exists(resource)) {
            throw notFound(field + ".id", "No " + target.type() + " with id " + target.id() + " in this workspace");
        }
        Set<String> keys = new HashSet<>();
        for (int k = 0; k < target.labels().size(); k++) {
            LabelRef label = target.labels().get(k);
            if (!keys.add(label.key())) {
                throw invalid(field + ".labels[" + k + "]", "Two values for the key " + label.key()
                        + ": a resource carries one value per key, so this permission could never match");
            }
            if (!known.exists(label)) {
                throw notFound(field + ".labels[" + k + "]", "No label " + label + " in this workspace");
            }
        }
        List<LabelRef> labels = target.labels().stream().sorted(LABEL_ORDER).toList();
        return new Grant(role.id(), resource, labels);
    }

    private static String names(Set<ResourceType> types) {
        return types.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    }

    private static String describe(Set<Scope> scopes) {
        return scopes.stream().sorted().map(s -> switch (s) {
            case WORKSPACE -> "the whole workspace";
            case RESOURCES -> "listed resources";
            case LABELS -> "the workspace with labels";
        }).collect(Collectors.joining(", "));
    }

    private static DomainException invalid(String field, String message) {
        return new DomainException(DomainException.Kind.INVALID, field, message);
    }

    private static DomainException notFound(String field, String message) {
        return new DomainException(DomainException.Kind.NOT_FOUND, field, message);
    }
}
