package io.iamsuite.catalogue;

import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Whether a set of grants allows an action, by the rules of the access model: a grant allows an action on a
 * resource when its role confers the action on the resource's type with the grant's scope (the catalogue) and
 * the grant reaches the resource: a workspace grant reaches everything of the role's types, a listed grant its
 * resource (and, for roles that inherit through a relation, the resource's children: a source grant reaches the
 * source's destinations), a label grant every resource carrying all its labels (or whose parent does, for an
 * inherited type). OR across grants.
 *
 * <p>The catalogue's answers are precomputed per action ({@link Compiled}: role id to the scopes with which the
 * role confers the action, and whether it reaches the action's type through a relation), so that a check costs one
 * hash lookup per grant and allocates nothing: {@link #allows(List, Compiled, ResourceRef, Set, ResourceRef, Set)}
 * is the hot path policy-service's checks take.
 */
public final class GrantEvaluator {
    private static final int WORKSPACE = 1;
    private static final int RESOURCES = 2;
    private static final int LABELS = 4;
    private static final int INHERITED = 8;

    private final Map<String, Compiled> compiled;

    public GrantEvaluator(RoleCatalogue catalogue) {
        Map<String, Compiled> byName = new HashMap<>();
        for (Action action : catalogue.actions()) {
            Map<String, Integer> flags = new HashMap<>();
            for (Role role : catalogue.roles()) {
                int bits = 0;
                if (catalogue.confers(role.id(), action.name(), action.type(), Scope.WORKSPACE)) {
                    bits |= WORKSPACE;
                }
                if (catalogue.confers(role.id(), action.name(), action.type(), Scope.RESOURCES)) {
                    bits |= RESOURCES;
                }
                if (catalogue.confers(role.id(), action.name(), action.type(), Scope.LABELS)) {
                    bits |= LABELS;
                }
                if (bits != 0) {
                    flags.put(role.id(), bits | (role.inherits().containsKey(action.type()) ? INHERITED : 0));
                }
            }
            byName.put(action.name(), new Compiled(action, Collections.unmodifiableMap(flags)));
        }
        this.compiled = Collections.unmodifiableMap(byName);
    }

    /** One action of the catalogue with, per role conferring it, the scopes that confer it. Immutable. */
    public static final class Compiled {
        private final Action action;
        /** role id -> WORKSPACE | RESOURCES | LABELS bits that confer the action, plus INHERITED; absent: never. */
        private final Map<String, Integer> roles;

        private Compiled(Action action, Map<String, Integer> roles) {
            this.action = action;
            this.roles = roles;
        }

        public Action action() {
            return action;
        }

        public ResourceType type() {
            return action.type();
        }

        /** Whether a grant of the role reaches the action's type through a relation (a source role on destinations). */
        public boolean inherited(String roleId) {
            Integer bits = roles.get(roleId);
            return bits != null && (bits & INHERITED) != 0;
        }
    }

    /** The action as the evaluator uses it, or null for an action the catalogue does not declare. */
    public Compiled compile(String action) {
        return action == null ? null : compiled.get(action);
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
        Compiled declared = compile(action);
        if (declared == null) {
            throw new IllegalArgumentException("unknown action " + action);
        }
        List<Grant> list = grants instanceof List && grants instanceof RandomAccess ? (List<Grant>) grants : List.copyOf(grants);
        return target == null
                ? allows(list, declared, null, Set.of(), null, Set.of())
                : allows(list, declared, target.resource(), target.labels(), target.parent(), target.parentLabels());
    }

    /**
     * The allocation-free form of {@link #allows(Collection, String, Target)}: {@code grants} a random-access list,
     * the target given as its parts. A {@code null} {@code resource} asks about the type as a whole.
     *
     * @param labels       the labels the resource carries (never null)
     * @param parent       for an inherited type, the resource's parent (a destination's source), else null
     * @param parentLabels the parent's labels (never null)
     */
    public boolean allows(List<Grant> grants, Compiled action, ResourceRef resource, Set<LabelRef> labels,
                          ResourceRef parent, Set<LabelRef> parentLabels) {
        Map<String, Integer> roles = action.roles;
        for (int i = 0, n = grants.size(); i < n; i++) {
            Grant grant = grants.get(i);
            ResourceRef on = grant.resource();
            List<LabelRef> required = grant.labels();
            int scope;
            if (on.type() == ResourceType.WORKSPACE) {
                scope = required.isEmpty() ? WORKSPACE : LABELS;
            } else if (required.isEmpty()) {
                scope = RESOURCES;
            } else {
                continue; // labels on anything but the workspace: no such grant reaches anything
            }
            Integer bits = roles.get(grant.roleId());
            if (bits == null || (bits & scope) == 0) {
                continue;
            }
            if (resource == null || scope == WORKSPACE) {
                return true;
            }
            boolean inherited = (bits & INHERITED) != 0;
            if (scope == RESOURCES) {
                if (inherited ? parent != null && on.equals(parent) : on.equals(resource)) {
                    return true;
                }
                continue;
            }
            // LABELS: the resource (or, for an inherited type, its parent) carries every label of the grant.
            if (carriesAll(inherited ? parentLabels : labels, required)) {
                return true;
            }
        }
        return false;
    }

    private static boolean carriesAll(Set<LabelRef> carried, List<LabelRef> required) {
        for (int i = 0, n = required.size(); i < n; i++) {
            if (!carried.contains(required.get(i))) {
                return false;
            }
        }
        return true;
    }
}
