package io.iamsuite.policy.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /policy/v1/as-of/summary}: replays the workspace to the point and counts what it held. */
public record AsOfSummaryBody(
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most 255 characters")
        String workspaceId,
        @NotNull(message = "is required") AsOfBody asOf) {
}
