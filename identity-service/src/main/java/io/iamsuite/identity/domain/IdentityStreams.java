package io.iamsuite.identity.domain;

import io.iamsuite.events.IdentityEvent;

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
        throw new IllegalArgumentException("no stream rule yet for " + event.eventType());
    }
}
