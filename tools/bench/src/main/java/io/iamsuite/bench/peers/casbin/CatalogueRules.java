package io.iamsuite.bench.peers.casbin;

import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.Relation;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.catalogue.RoleKind;
import io.iamsuite.catalogue.Scope;
import io.iamsuite.events.ResourceType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The role catalogue as the table both Casbin encodings are generated from: per role, per way a grant of it reaches a
 * resource (a <em>marker</em>, which is also how the encodings spell the node of that grant), per type, the actions it
 * confers. Built from {@link RoleCatalogue#confers(String, String, ResourceType, Scope)}, so a role that may not be
 * granted with a scope, an action of another type or a creation through a listed grant never gets a row.
 *
 * <p>Markers: {@value #WORKSPACE} a workspace grant (its node is the role id alone), {@value #LISTED} a listed grant
 * ({@code role@source/src_5}), {@value #LISTED_PARENT} a listed grant reaching a child through its parent
 * ({@code role@^destination/dst_3}), {@value #LABELLED} a label grant reaching a resource that carries all its labels
 * ({@code role%source/src_5}), {@value #LABELLED_PARENT} the same through the parent. A label grant itself is the node
 * {@code role#env:prod,team:t1}, linked to the {@value #LABELLED} nodes of the resources it reaches.
 */
final class CatalogueRules {
    static final String WORKSPACE = "*";
    static final String LISTED = "@";
    static final String LISTED_PARENT = "@^";
    static final String LABELLED = "%";
    static final String LABELLED_PARENT = "%^";
    static final String LABEL_GRANT = "#";

    /** One row: a grant of {@code roleId} reaching a resource of {@code type} the {@code marker} way confers {@code action}. */
    record Rule(String roleId, String marker, ResourceType type, String action) {
    }

    private final RoleCatalogue catalogue;
    private final String ownerRoleId;
    private final List<Rule> rules = new ArrayList<>();
    /** roleId + marker -> type -> actions. */
    private final Map<String, Map<ResourceType, List<String>>> actions = new HashMap<>();
    /** roleId -> the labelled types its label grants reach directly (not through a parent). */
    private final Map<String, Set<ResourceType>> labelTypes = new HashMap<>();
    /** child type -> parent type (DESTINATION -> SOURCE), from the catalogue's relations. */
    private final Map<ResourceType, ResourceType> parentType = new EnumMap<>(ResourceType.class);

    CatalogueRules(RoleCatalogue catalogue) {
        this.catalogue = catalogue;
        this.ownerRoleId = catalogue.roles().stream().filter(r -> r.kind() == RoleKind.OWNER).findFirst()
                .orElseThrow(() -> new IllegalStateException("the catalogue has no owner role")).id();
        for (Relation relation : catalogue.relations()) {
            parentType.put(relation.from(), relation.to());
        }
        for (Role role : catalogue.roles()) {
            for (Action action : catalogue.actions()) {
                ResourceType type = action.type();
                boolean inherited = role.inherits().containsKey(type);
                if (catalogue.confers(role.id(), action.name(), type, Scope.WORKSPACE)) {
                    add(new Rule(role.id(), WORKSPACE, type, action.name()));
                }
                if (catalogue.confers(role.id(), action.name(), type, Scope.RESOURCES)) {
                    add(new Rule(role.id(), inherited ? LISTED_PARENT : LISTED, type, action.name()));
                }
                if (catalogue.confers(role.id(), action.name(), type, Scope.LABELS)) {
                    add(new Rule(role.id(), inherited ? LABELLED_PARENT : LABELLED, type, action.name()));
                    if (!inherited && catalogue.labelledTypes().contains(type)) {
                        labelTypes.computeIfAbsent(role.id(), r -> EnumSet.noneOf(ResourceType.class)).add(type);
                    }
                }
            }
        }
    }

    private void add(Rule rule) {
        rules.add(rule);
        actions.computeIfAbsent(rule.roleId() + rule.marker(), k -> new EnumMap<>(ResourceType.class))
                .computeIfAbsent(rule.type(), t -> new ArrayList<>()).add(rule.action());
    }

    /** Every row, roles in catalogue order. */
    List<Rule> rules() {
        return Collections.unmodifiableList(rules);
    }

    /** The actions a grant of the role reaching a resource of {@code type} the {@code marker} way confers. */
    List<String> actions(String roleId, String marker, ResourceType type) {
        Map<ResourceType, List<String>> byType = actions.get(roleId + marker);
        return byType == null ? List.of() : byType.getOrDefault(type, List.of());
    }

    /** Whether a label grant of the role reaches resources of {@code type} by their own labels. */
    boolean labelReaches(String roleId, ResourceType type) {
        Set<ResourceType> types = labelTypes.get(roleId);
        return types != null && types.contains(type);
    }

    /** Whether the role reaches {@code child}'s type through its parent (a source role on a destination). */
    boolean inheritsTo(String roleId, ResourceType child) {
        Role role = catalogue.role(roleId).orElse(null);
        return role != null && role.inherits().containsKey(child);
    }

    /** The parent type of an inherited type (DESTINATION -> SOURCE), or null. */
    ResourceType parentType(ResourceType child) {
        return parentType.get(child);
    }

    boolean known(String roleId) {
        return catalogue.role(roleId).isPresent();
    }

    /** The role owners and owner tokens hold on their workspace (it confers every action). */
    String ownerRoleId() {
        return ownerRoleId;
    }

    /** {@code source/src_5}: how both encodings name a resource (the type keeps ids of different types apart). */
    static String object(io.iamsuite.events.ResourceRef ref) {
        return Action.prefix(ref.type()) + "/" + ref.id();
    }
}
