package io.iamsuite.policy.api;

import io.iamsuite.events.ResourceType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /policy/v1/lookup-resources}: every resource of a type the subject may do the action on. */
public record LookupResourcesBody(
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most 255 characters")
        String workspaceId,
        @NotNull(message = "is required") @Valid CheckBody.SubjectBody subject,
        @NotBlank(message = "is required")
        @Pattern(regexp = "[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*", message = "must look like source.update")
        String permission,
        @NotNull(message = "is required") ResourceType resourceType,
        @Size(max = 2048, message = "is not a cursor of this lookup") String cursor,
        @Min(value = 1, message = "must be from 1 to 1000") @Max(value = 1000, message = "must be from 1 to 1000")
        Integer limit,
        @Valid CheckBody.ConsistencyBody consistency) {

    public static final int DEFAULT_LIMIT = 100;
}
