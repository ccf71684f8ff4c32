package io.iamsuite.identity.domain;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.ResourceEvent;

import java.util.HashSet;
import java.util.Set;

/** What the member rules need to know of a workspace: whether it exists and the emails in use (lower case). */
public record WorkspaceMembers(boolean workspaceExists, Set<String> emailsInUse) {
    public WorkspaceMembers {
        emailsInUse = Set.copyOf(emailsInUse);
    }

    public static WorkspaceMembers empty() {
        return new WorkspaceMembers(false, Set.of());
    }

    /** The state after {@code event}: the evolve step, used by the specs and by any replay. */
    public WorkspaceMembers evolve(DomainEvent event) {
        if (event instanceof ResourceEvent.WorkspaceCreated) {
            return new WorkspaceMembers(true, emailsInUse);
        }
        if (event instanceof IdentityEvent.MemberAdded added) {
            Set<String> emails = new HashSet<>(emailsInUse);
            emails.add(MemberDecider.normalise(added.email()));
            return new WorkspaceMembers(workspaceExists, emails);
        }
        if (event instanceof IdentityEvent.MemberRemoved removed) {
            Set<String> emails = new HashSet<>(emailsInUse);
            emails.remove(MemberDecider.normalise(removed.email()));
            return new WorkspaceMembers(workspaceExists, emails);
        }
        return this;
    }
}
