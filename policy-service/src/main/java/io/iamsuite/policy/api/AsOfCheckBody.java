package io.iamsuite.policy.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /policy/v1/as-of/check} and {@code /as-of/explain}: a check's question, as of a past point. */
public record AsOfCheckBody(
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most 255 characters")
        String workspaceId,
        @NotNull(message = "is required") @Valid CheckBody.SubjectBody subject,
        @NotBlank(message = "is required")
        @Pattern(regexp = "[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*", message = "must look like source.update")
        String permission,
        @NotNull(message = "is required") @Valid CheckBody.ResourceBody resource,
        @NotNull(message = "is required") AsOfBody asOf) {

    /** The same question asked of the live projection. */
    CheckBody live() {
        return new CheckBody(workspaceId, subject, permission, resource, null);
    }
}
