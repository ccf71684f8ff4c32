package io.iamsuite.policy.domain;

import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every event folded into memory. One thread applies (the consumer); any number read. Applying is
 * idempotent: an event at or below the position already applied for its (source, workspace) is skipped,
 * so a relay's redelivery changes nothing.
 */
public final class Projection {
    private final Map<String, WorkspaceState> workspaces = new ConcurrentHashMap<>();
    private final AppliedPositions applied = new AppliedPositions();

    /** Applies one event; returns false if it was a duplicate and skipped. */
    public boolean apply(EventEnvelope envelope) {
        String workspaceId = envelope.workspaceId();
        if (envelope.position() <= applied.get(envelope.source(), workspaceId)) {
            return false;
        }
        // Any event of a workspace proves it exists: the services' topics arrive in no particular order.
        WorkspaceState workspace = workspaces.computeIfAbsent(workspaceId, id -> new WorkspaceState());
        var data = envelope.data();
        if (data instanceof IdentityEvent.MemberAdded added) {
            workspace.members.put(added.userId(), added.role());
        } else if (data instanceof IdentityEvent.MemberRoleChanged changed) {
            workspace.members.computeIfPresent(changed.userId(), (id, old) -> changed.role());
        } else if (data instanceof IdentityEvent.MemberRemoved removed) {
            workspace.members.remove(removed.userId());
        } else if (data instanceof ResourceEvent.WorkspaceCreated created) {
            workspace.name = created.name();
        }
        // Grants, groups, labels, resources and tokens are evaluated from the policy issue on.
        applied.set(envelope.source(), workspaceId, envelope.position());
        return true;
    }

    public AppliedPositions applied() {
        return applied;
    }

    public boolean knowsWorkspace(String workspaceId) {
        return workspaces.containsKey(workspaceId);
    }

    public Optional<MemberRole> memberRole(String workspaceId, String userId) {
        WorkspaceState workspace = workspaces.get(workspaceId);
        return workspace == null ? Optional.empty() : Optional.ofNullable(workspace.members.get(userId));
    }

    private static final class WorkspaceState {
        final Map<String, MemberRole> members = new ConcurrentHashMap<>();
        volatile String name;
    }
}
