package io.iamsuite.policy.api;

import io.iamsuite.events.ResourceType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /policy/v1/as-of/diff}: who could do what at {@code from} and at {@code to}; narrowed to one
 * action ({@code permission}) or to the actions of one {@code resourceType}, or every action of the catalogue.
 */
public record AsOfDiffBody(
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most 255 characters")
        String workspaceId,
        @NotNull(message = "is required") AsOfBody from,
        @NotNull(message = "is required") AsOfBody to,
        @Pattern(regexp = "[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*", message = "must look like source.update")
        String permission,
        ResourceType resourceType) {
}
