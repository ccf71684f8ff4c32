package io.iamsuite.identity.domain;

import io.iamsuite.events.MemberRole;

/** Promote a member to owner or demote an owner to member. */
public record ChangeMemberRole(String workspaceId, String userId, MemberRole role) {
}
