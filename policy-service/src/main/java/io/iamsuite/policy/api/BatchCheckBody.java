package io.iamsuite.policy.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Body of {@code POST /policy/v1/batch-check}: many checks in one workspace, answered in order. */
public record BatchCheckBody(
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most 255 characters")
        String workspaceId,
        @NotNull(message = "is required")
        @Size(min = 1, max = MAX_CHECKS, message = "must hold from 1 to " + MAX_CHECKS + " checks")
        @Valid List<@NotNull(message = "is required") Item> checks,
        @Valid CheckBody.ConsistencyBody consistency) {

    /** The most checks one batch may hold; more is a 422 naming {@code checks}. */
    public static final int MAX_CHECKS = 100;

    public record Item(@NotNull(message = "is required") @Valid CheckBody.SubjectBody subject,
                       @NotBlank(message = "is required")
                       @Pattern(regexp = "[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*", message = "must look like source.update")
                       String permission,
                       @NotNull(message = "is required") @Valid CheckBody.ResourceBody resource) {
    }
}
