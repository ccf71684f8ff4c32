package io.iamsuite.identity.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleKind;
import io.iamsuite.catalogue.RoleOrigin;
import io.iamsuite.catalogue.Scope;
import io.iamsuite.events.ResourceType;

import java.util.List;
import java.util.Map;

/**
 * A role as {@code GET /roles} shows it: Segment's {@code RoleV1} ({@code id, name, description}) plus, as
 * extra fields the SDK's model ignores, what the role means here, so that callers can discover the actions.
 */
public record RoleView(String id, String name, String description,
                       RoleOrigin origin, RoleKind kind, List<ResourceType> appliesTo, List<Scope> scopes,
                       Map<ResourceType, List<String>> actions,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<ResourceType, String> inherits) {
    static RoleView of(Role role) {
        return new RoleView(role.id(), role.name(), role.description(), role.origin(), role.kind(),
                List.copyOf(role.appliesTo()), List.copyOf(role.scopes()), role.actions(), role.inherits());
    }
}
