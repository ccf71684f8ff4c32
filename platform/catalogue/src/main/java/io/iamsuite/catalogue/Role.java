package io.iamsuite.catalogue;

import io.iamsuite.events.ResourceType;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A role of the catalogue.
 *
 * @param appliesTo  the types of resource the role is about: a listed grant names one of these, a workspace or
 *                   label grant reaches every resource of these types (that carries the labels)
 * @param scopes     the scopes the role may be granted with
 * @param actions    what the role confers on a reached resource of each type, in file order; a type is either in
 *                   {@code appliesTo} or in {@code inherits}
 * @param inherits   types reached not directly but through a relation to an {@code appliesTo} type, by relation
 *                   name (Source Admin: {@code DESTINATION -> parentSource})
 * @param allActions the role confers every declared action on every type (the owner); {@code actions} holds
 *                   them all, expanded
 */
public record Role(String id, String name, String description, RoleOrigin origin, RoleKind kind,
                   Set<ResourceType> appliesTo, Set<Scope> scopes, Map<ResourceType, List<String>> actions,
                   Map<ResourceType, String> inherits, boolean allActions) {

    /** The actions conferred on resources of {@code type} (empty if none). */
    public List<String> actionsOn(ResourceType type) {
        return actions.getOrDefault(type, List.of());
    }

    /** The relation through which the role reaches resources of {@code type}, if it does not apply to them directly. */
    public Optional<String> inheritedVia(ResourceType type) {
        return Optional.ofNullable(inherits.get(type));
    }

    /** Every type the role confers something on: the ones it applies to and the ones it inherits. */
    public Set<ResourceType> types() {
        EnumSet<ResourceType> types = EnumSet.noneOf(ResourceType.class);
        types.addAll(appliesTo);
        types.addAll(inherits.keySet());
        return types;
    }

    public boolean isReadOnly() {
        return kind == RoleKind.READ_ONLY;
    }
}
