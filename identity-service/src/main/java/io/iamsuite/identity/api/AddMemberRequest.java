package io.iamsuite.identity.api;

import io.iamsuite.events.MemberRole;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /workspaces/{workspaceId}/members}. */
public record AddMemberRequest(
        @NotBlank(message = "is required") @Size(max = 254, message = "must be at most 254 characters")
        @Email(message = "must be an email address") String email,
        @Size(max = 255, message = "must be at most 255 characters") String name,
        @NotNull(message = "is required (OWNER or MEMBER)") MemberRole role) {
}
