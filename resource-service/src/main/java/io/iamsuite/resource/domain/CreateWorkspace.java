package io.iamsuite.resource.domain;

/** Create a workspace; {@code workspaceId} is chosen by the caller (pure domain). */
public record CreateWorkspace(String workspaceId, String name, String slug) {
}
