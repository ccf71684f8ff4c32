package io.iamsuite.events;

import java.time.Instant;
import java.util.List;

/** Events of identity-service: members, invites, user groups and the grants of users and groups. */
public sealed interface IdentityEvent extends DomainEvent {

    @Override
    default EventSource source() {
        return EventSource.IDENTITY;
    }

    /** A user joined the workspace. Schema 2 replaced v1's boolean {@code owner} with {@code role}. */
    @EventType(value = "identity.member-added", version = 2)
    record MemberAdded(String userId, String email, String name, MemberRole role) implements IdentityEvent {}

    /** An owner became a member or the reverse. */
    @EventType("identity.member-role-changed")
    record MemberRoleChanged(String userId, MemberRole role) implements IdentityEvent {}

    /** The user left the workspace; their grants and group memberships in it end with them. */
    @EventType("identity.member-removed")
    record MemberRemoved(String userId, String email) implements IdentityEvent {}

    @EventType("identity.invite-sent")
    record InviteSent(String inviteId, String email, List<Grant> grants, List<String> groupIds, Instant expiresAt)
            implements IdentityEvent {
        public InviteSent {
            grants = grants == null ? List.of() : List.copyOf(grants);
            groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
        }
    }

    @EventType("identity.invite-resent")
    record InviteResent(String inviteId, Instant expiresAt) implements IdentityEvent {}

    @EventType("identity.invite-revoked")
    record InviteRevoked(String inviteId, String email) implements IdentityEvent {}

    @EventType("identity.invite-expired")
    record InviteExpired(String inviteId, String email) implements IdentityEvent {}

    /** The invitee became {@code userId}; MemberAdded, RoleGranted and GroupMemberAdded follow in the same commit. */
    @EventType("identity.invite-accepted")
    record InviteAccepted(String inviteId, String email, String userId) implements IdentityEvent {}

    @EventType("identity.group-created")
    record GroupCreated(String groupId, String name) implements IdentityEvent {}

    @EventType("identity.group-renamed")
    record GroupRenamed(String groupId, String name) implements IdentityEvent {}

    /** The group, its memberships and its grants are gone. */
    @EventType("identity.group-deleted")
    record GroupDeleted(String groupId) implements IdentityEvent {}

    @EventType("identity.group-member-added")
    record GroupMemberAdded(String groupId, String userId) implements IdentityEvent {}

    @EventType("identity.group-member-removed")
    record GroupMemberRemoved(String groupId, String userId) implements IdentityEvent {}

    /** A pending invite joins a group; it becomes a GroupMemberAdded when the invite is accepted. */
    @EventType("identity.group-invite-added")
    record GroupInviteAdded(String groupId, String inviteId, String email) implements IdentityEvent {}

    @EventType("identity.group-invite-removed")
    record GroupInviteRemoved(String groupId, String inviteId, String email) implements IdentityEvent {}

    /** A user or group received a role on a target. */
    @EventType("identity.role-granted")
    record RoleGranted(Subject subject, Grant grant) implements IdentityEvent {}

    /** A user or group lost a role on a target. */
    @EventType("identity.role-revoked")
    record RoleRevoked(Subject subject, Grant grant) implements IdentityEvent {}
}
