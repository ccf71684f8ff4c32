package io.iamsuite.identity.domain;

import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.Subject;

/** Which stream (aggregate) an identity event belongs to. */
public final class IdentityStreams {
    private IdentityStreams() {
    }

    public static String of(String workspaceId, IdentityEvent event) {
        if (event instanceof IdentityEvent.MemberAdded e) {
            return MemberDecider.streamId(workspaceId, e.userId());
        }
        if (event instanceof IdentityEvent.MemberRoleChanged e) {
            return MemberDecider.streamId(workspaceId, e.userId());
        }
        if (event instanceof IdentityEvent.MemberRemoved e) {
            return MemberDecider.streamId(workspaceId, e.userId());
        }
        if (event instanceof IdentityEvent.GroupCreated e) {
            return GroupDecider.streamId(workspaceId, e.groupId());
        }
        if (event instanceof IdentityEvent.GroupRenamed e) {
            return GroupDecider.streamId(workspaceId, e.groupId());
        }
        if (event instanceof IdentityEvent.GroupDeleted e) {
            return GroupDecider.streamId(workspaceId, e.groupId());
        }
        if (event instanceof IdentityEvent.GroupMemberAdded e) {
            return GroupDecider.streamId(workspaceId, e.groupId());
        }
        if (event instanceof IdentityEvent.GroupMemberRemoved e) {
            return GroupDecider.streamId(workspaceId, e.groupId());
        }
        if (event instanceof IdentityEvent.RoleGranted e) {
            return ofSubject(workspaceId, e.subject());
        }
        if (event instanceof IdentityEvent.RoleRevoked e) {
            return ofSubject(workspaceId, e.subject());
        }
        if (event instanceof IdentityEvent.InviteSent e) {
            return InviteDecider.streamId(workspaceId, e.inviteId());
        }
        if (event instanceof IdentityEvent.InviteResent e) {
            return InviteDecider.streamId(workspaceId, e.inviteId());
        }
        if (event instanceof IdentityEvent.InviteRevoked e) {
            return InviteDecider.streamId(workspaceId, e.inviteId());
        }
        if (event instanceof IdentityEvent.InviteExpired e) {
            return InviteDecider.streamId(workspaceId, e.inviteId());
        }
        if (event instanceof IdentityEvent.InviteAccepted e) {
            return InviteDecider.streamId(workspaceId, e.inviteId());
        }
        if (event instanceof IdentityEvent.GroupInviteAdded e) {
            return GroupDecider.streamId(workspaceId, e.groupId());
        }
        if (event instanceof IdentityEvent.GroupInviteRemoved e) {
            return GroupDecider.streamId(workspaceId, e.groupId());
        }
        throw new IllegalArgumentException("no stream rule yet for " + event.eventType());
    }

    /** A user's grants live in the member's stream, a group's in the group's. */
    private static String ofSubject(String workspaceId, Subject subject) {
        if (subject.type() == Subject.Type.USER) {
            return MemberDecider.streamId(workspaceId, subject.id());
        }
        if (subject.type() == Subject.Type.GROUP) {
            return GroupDecider.streamId(workspaceId, subject.id());
        }
        throw new IllegalArgumentException("identity-service keeps no stream for " + subject);
    }
}
