package io.iamsuite.events;

import java.util.Objects;

/** A typed reference to a resource of a workspace; for the workspace itself the id is the workspace id. */
public record ResourceRef(ResourceType type, String id) {
    public ResourceRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public static ResourceRef workspace(String workspaceId) {
        return new ResourceRef(ResourceType.WORKSPACE, workspaceId);
    }
}
