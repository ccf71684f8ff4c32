package io.iamsuite.identity.domain;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the member rules need to know of a workspace: whether it exists and its members (id, email, role).
 */
public record WorkspaceMembers(boolean workspaceExists, Map<String, Member> members) {
    public record Member(String userId, String email, MemberRole role) {
    }

    public WorkspaceMembers {
        members = Map.copyOf(members);
    }

    public static WorkspaceMembers empty() {
        return new WorkspaceMembers(false, Map.of());
    }

    public Optional<Member> member(String userId) {
        return Optional.ofNullable(members.get(userId));
    }

    public boolean emailInUse(String email) {
        String normalised = MemberDecider.normalise(email);
        return members.values().stream().anyMatch(m -> MemberDecider.normalise(m.email()).equals(normalised));
    }

    public long owners() {
        return members.values().stream().filter(m -> m.role() == MemberRole.OWNER).count();
    }

    /** The state after {@code event}: the evolve step, used by the specs and by any replay. */
    public WorkspaceMembers evolve(DomainEvent event) {
        if (event instanceof ResourceEvent.WorkspaceCreated) {
            return new WorkspaceMembers(true, members);
        }
        Map<String, Member> next = new HashMap<>(members);
        if (event instanceof IdentityEvent.MemberAdded added) {
            next.put(added.userId(), new Member(added.userId(), added.email(), added.role()));
        } else if (event instanceof IdentityEvent.MemberRoleChanged changed) {
            next.computeIfPresent(changed.userId(), (id, m) -> new Member(id, m.email(), changed.role()));
        } else if (event instanceof IdentityEvent.MemberRemoved removed) {
            next.remove(removed.userId());
        } else {
            return this;
        }
        return new WorkspaceMembers(workspaceExists, next);
    }
}
