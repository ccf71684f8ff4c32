package io.iamsuite.identity.domain;

import io.iamsuite.events.MemberRole;

/** Add a user to a workspace as owner or member; {@code userId} is chosen by the caller (pure domain). */
public record AddMember(String workspaceId, String userId, String email, String name, MemberRole role) {
}
