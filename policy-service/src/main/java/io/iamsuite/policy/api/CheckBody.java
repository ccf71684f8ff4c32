package io.iamsuite.policy.api;

import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Body of {@code POST /policy/v1/check}. */
public record CheckBody(
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most 255 characters")
        String workspaceId,
        @NotNull(message = "is required") @Valid SubjectBody subject,
        @NotBlank(message = "is required")
        @Pattern(regexp = "[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*", message = "must look like source.update")
        String permission,
        @NotNull(message = "is required") @Valid ResourceBody resource,
        @Valid ConsistencyBody consistency) {

    public record SubjectBody(@NotNull(message = "is required (USER or TOKEN)") Subject.Type type,
                              @NotBlank(message = "is required") @Size(max = 255, message = "must be at most 255 characters")
                              String id) {
    }

    public record ResourceBody(@NotNull(message = "is required") ResourceType type,
                               @NotBlank(message = "is required") @Size(max = 255, message = "must be at most 255 characters")
                               String id) {
    }

    /** At most one of the three modes; none means minimizeLatency. */
    public record ConsistencyBody(Boolean minimizeLatency,
                                  @Size(max = 16, message = "must hold at most 16 tokens") List<String> atLeastAsFresh,
                                  Boolean fullyConsistent) {
    }
}
