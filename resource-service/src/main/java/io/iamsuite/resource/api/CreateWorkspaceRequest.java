package io.iamsuite.resource.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /workspaces} (ours: Segment's API has no way to create a workspace). */
public record CreateWorkspaceRequest(
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most 255 characters") String name,
        @NotBlank(message = "is required")
        @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?", message = "must be 1-64 lower-case letters, digits or inner hyphens")
        String slug) {
}
