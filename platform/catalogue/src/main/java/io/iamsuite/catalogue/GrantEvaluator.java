package io.iamsuite.catalogue;

import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a set of grants allows an action, by the rules of the access model: a grant allows an action on a
 * resource when its role confers the action on the resource's type with the grant's scope (the catalogue) and
 * the grant reaches the resource: a workspace grant reaches everything of the role's types, a listed grant its
 * resource (and, for roles that inherit through a relation, the resource's children: a source grant reaches the
 * source's destinations), a label grant every resource carrying all its labels (or whose parent does, for an
 * inherited type). OR across grants. Pure and allocation-free on the hot path.
 */
public final class GrantEvaluator {
    private final RoleCatalogue catalogue;

    public GrantEvaluator(RoleCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * What the evaluator needs to know of the checked resource: its labels, and for a type reached through a
     * relation its parent (a destination's source) and the parent's labels.
     */
    public record Target(ResourceRef resource, Set<LabelRef> labels, ResourceRef parent, Set<LabelRef> parentLabels) {
        public Target {
            labels = labels == null ? Set.of() : labels;
            parentLabels = parentLabels == null ? Set.of() : parentLabels;
        }

        public static Target of(ResourceRef resource) {
            return new Target(resource, Set.of(), null, Set.of());
        }
    }

    /**
     * Whether {@code grants} allow {@code action} on {@code target}; a {@code null} target asks about the type
     * as a whole (list it, create one): then any grant that confers the action with its scope allows it.
     *
     * @throws IllegalArgumentException for an action the catalogue does not declare
     */
    public boolean allows(Collection<Grant> grants, String action, Target target) {
        Action declared = catalogue.action(action)
                .orElseThrow(() -> new IllegalArgumentException("unknown action " + action));
        ResourceType type = declared.type();
        for (Grant grant : grants) {
            Scope scope;
            try {
                scope = Scope.of(grant);
            } catch (IllegalArgumentException malformed) {
                continue;
            }
            if (!catalogue.confers(grant.roleId(), action, type, scope)) {
                continue;
            }
            if (target == null || reaches(grant, scope, type, target)) {
                return true;
            }
        }
        return false;
    }

    private boolean reaches(Grant grant, Scope scope, ResourceType type, Target target) {
        if (scope == Scope.WORKSPACE) {
            return true;
        }
        Optional<String> relation = catalogue.role(grant.roleId()).flatMap(role -> role.inheritedVia(type));
        if (scope == Scope.RESOURCES) {
            if (relation.isPresent()) {
                return target.parent() != null && grant.resource().equals(target.parent());
            }
            return grant.resource().equals(target.resource());
        }
        // LABELS: the resource (or, for an inherited type, its parent) carries every label of the grant.
        Set<LabelRef> carried = relation.isPresent() ? target.parentLabels() : target.labels();
        return carried.containsAll(grant.labels());
    }
}
