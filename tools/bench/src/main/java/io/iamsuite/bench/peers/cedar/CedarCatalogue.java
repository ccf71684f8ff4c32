package io.iamsuite.bench.peers.cedar;

import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.Relation;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.catalogue.RoleKind;
import io.iamsuite.catalogue.Scope;
import io.iamsuite.events.Grant;
import io.iamsuite.events.ResourceType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The role catalogue as the rules both Cedar encodings are generated from: for every role and scope it may be
 * granted with, per type of resource a check names, the actions conferred and how a grant reaches the resource
 * ({@link Reach}). It is {@code GrantEvaluator}'s rule (docs/roles.md) unrolled into data, creation included:
 * a {@code <type>.create} is checked on the resource's own type, on the workspace (any grant conferring it) and on
 * the parent a new child would belong to (a destination.create on its source).
 */
final class CedarCatalogue {

    /** How a grant reaches the resource a check names. */
    enum Reach {
        /** A workspace grant: every resource of the type in the workspace. */
        WORKSPACE,
        /** A listed grant: the listed resource itself. */
        LISTED,
        /** A listed grant of a role that inherits the type: the resources whose parent is listed. */
        LISTED_PARENT,
        /** A label grant: the resources carrying all its labels. */
        LABELS,
        /** A label grant of a role that inherits the type: the resources whose parent carries all its labels. */
        PARENT_LABELS,
        /** Creation checked on the workspace with a listed or label grant: any grant of the role and scope. */
        ANY_GRANT
    }

    /**
     * What a grant of {@code role} with {@code scope} allows on resources of type {@code on}, reached as
     * {@code reach}.
     */
    record Rule(Role role, Scope scope, ResourceType on, Reach reach, List<String> actions) {
        /** A short stable name, used as a Cedar policy or template id. */
        String id() {
            return roleKey(role) + "." + scope.name().toLowerCase(Locale.ROOT) + "."
                    + on.name().toLowerCase(Locale.ROOT) + "." + reach.name().toLowerCase(Locale.ROOT);
        }

        /** {@code [Action::"source.read", ...]}. */
        String actionList() {
            return actions.stream().map(a -> "Action::\"" + a + "\"").collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** A role's short name, an identifier: Source Admin -> SourceAdmin, Unify Read-only, Engage User -> UnifyReadonlyEngageUser. */
    static String roleKey(Role role) {
        return role.name().replaceAll("[^A-Za-z]+", "");
    }

    private final RoleCatalogue catalogue;
    private final List<Rule> rules;
    private final Map<String, List<Rule>> rulesByGrantKind;
    private final Map<ResourceType, Relation> relationFrom = new EnumMap<>(ResourceType.class);
    private final Role owner;

    CedarCatalogue(RoleCatalogue catalogue) {
        this.catalogue = catalogue;
        for (Relation relation : catalogue.relations()) {
            relationFrom.put(relation.from(), relation);
        }
        this.owner = catalogue.roles().stream().filter(r -> r.kind() == RoleKind.OWNER).findFirst().orElseThrow();
        if (catalogue.roles().stream().map(CedarCatalogue::roleKey).distinct().count() != catalogue.roles().size()) {
            throw new IllegalArgumentException("two roles share a short name");
        }
        List<Rule> all = new ArrayList<>();
        Map<String, List<Rule>> byKind = new HashMap<>();
        for (Role role : catalogue.roles()) {
            for (Scope scope : role.scopes()) {
                List<Rule> ofKind = rulesOf(role, scope);
                all.addAll(ofKind);
                byKind.put(kind(role.id(), scope), ofKind);
            }
        }
        this.rules = Collections.unmodifiableList(all);
        this.rulesByGrantKind = byKind;
    }

    static CedarCatalogue standard() {
        return new CedarCatalogue(RoleCatalogue.load());
    }

    private List<Rule> rulesOf(Role role, Scope scope) {
        Map<ResourceType, Map<Reach, Set<String>>> acc = new EnumMap<>(ResourceType.class);
        for (Action action : catalogue.actions()) {
            ResourceType type = action.type();
            if (!catalogue.confers(role.id(), action.name(), type, scope)) {
                continue;
            }
            boolean inherited = role.inherits().containsKey(type);
            add(acc, type, reach(scope, inherited), action.name());
            if (action.creates()) {
                // "may the subject create one at all": any grant conferring it, whatever it reaches
                add(acc, ResourceType.WORKSPACE, scope == Scope.WORKSPACE ? Reach.WORKSPACE : Reach.ANY_GRANT, action.name());
                Relation relation = relationFrom.get(type);
                if (relation != null) {
                    // checked on the parent the new child will belong to: reached like the parent itself
                    if (scope == Scope.WORKSPACE) {
                        add(acc, relation.to(), Reach.WORKSPACE, action.name());
                    } else if (inherited) {
                        add(acc, relation.to(), scope == Scope.RESOURCES ? Reach.LISTED : Reach.LABELS, action.name());
                    }
                }
            }
        }
        List<Rule> out = new ArrayList<>();
        acc.forEach((on, byReach) -> byReach.forEach((reach, actions) ->
                out.add(new Rule(role, scope, on, reach, List.copyOf(actions)))));
        return Collections.unmodifiableList(out);
    }

    private static Reach reach(Scope scope, boolean inherited) {
        switch (scope) {
            case WORKSPACE:
                return Reach.WORKSPACE;
            case RESOURCES:
                return inherited ? Reach.LISTED_PARENT : Reach.LISTED;
            default:
                return inherited ? Reach.PARENT_LABELS : Reach.LABELS;
        }
    }

    private static void add(Map<ResourceType, Map<Reach, Set<String>>> acc, ResourceType on, Reach reach, String action) {
        acc.computeIfAbsent(on, t -> new LinkedHashMap<>()).computeIfAbsent(reach, r -> new LinkedHashSet<>()).add(action);
    }

    private static String kind(String roleId, Scope scope) {
        return roleId + "@" + scope;
    }

    /** Every rule of the catalogue. */
    List<Rule> rules() {
        return rules;
    }

    /**
     * The rules a grant brings into play: those of its role and scope; none for an unknown role, a scope the role
     * may not be granted with, or labels on anything but the workspace (such a grant reaches nothing).
     */
    List<Rule> rulesOf(Grant grant) {
        Scope scope;
        try {
            scope = Scope.of(grant);
        } catch (IllegalArgumentException reachesNothing) {
            return List.of();
        }
        return rulesByGrantKind.getOrDefault(kind(grant.roleId(), scope), List.of());
    }

    /** Whether a listed grant on a resource of {@code targetType} reaches anything through {@code rule}. */
    boolean listedTargetFits(Rule rule, ResourceType targetType) {
        switch (rule.reach()) {
            case LISTED:
                return targetType == rule.on();
            case LISTED_PARENT:
                Relation relation = relationFrom.get(rule.on());
                return relation != null && relation.to() == targetType;
            default:
                return true;
        }
    }

    /** The role owners (members and tokens with owner access) hold on the workspace. */
    Role owner() {
        return owner;
    }

    /** The relation a type's resources have to their parent (DESTINATION: parentSource), or null. */
    Relation relationFrom(ResourceType type) {
        return relationFrom.get(type);
    }

    List<Action> actions() {
        return catalogue.actions();
    }

    /** The types whose resources a label grant reaches by their own labels. */
    Set<ResourceType> labelledTypes() {
        return catalogue.labelledTypes();
    }
}
