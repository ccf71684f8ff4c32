package io.iamsuite.identity.api;

import io.iamsuite.events.MemberRole;
import jakarta.validation.constraints.NotNull;

/** Body of {@code PUT /workspaces/{workspaceId}/members/{userId}/role}. */
public record ChangeRoleRequest(@NotNull(message = "is required (OWNER or MEMBER)") MemberRole role) {
}
