package io.iamsuite.policy.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /policy/v1/lookup-subjects}: every user and token that may do the action on the resource. */
public record LookupSubjectsBody(
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most 255 characters")
        String workspaceId,
        @NotBlank(message = "is required")
        @Pattern(regexp = "[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*", message = "must look like source.update")
        String permission,
        @NotNull(message = "is required") @Valid CheckBody.ResourceBody resource,
        @Valid CheckBody.ConsistencyBody consistency) {
}
