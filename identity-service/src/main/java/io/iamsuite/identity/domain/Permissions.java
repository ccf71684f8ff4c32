package io.iamsuite.identity.domain;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.Subject;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The grants held by users and groups of a workspace. A removed member or a deleted group holds nothing:
 * {@code MemberRemoved} and {@code GroupDeleted} end every grant of their subject without separate
 * {@code RoleRevoked} events (the policy projection applies the same rule).
 */
public record Permissions(Map<Subject, Set<Grant>> grants) {
    public Permissions {
        Map<Subject, Set<Grant>> copy = new HashMap<>();
        grants.forEach((subject, held) -> copy.put(subject, Set.copyOf(held)));
        grants = Map.copyOf(copy);
    }

    public static Permissions empty() {
        return new Permissions(Map.of());
    }

    public Set<Grant> of(Subject subject) {
        return grants.getOrDefault(subject, Set.of());
    }

    public Permissions evolve(DomainEvent event) {
        Map<Subject, Set<Grant>> next = new HashMap<>(grants);
        if (event instanceof IdentityEvent.RoleGranted granted) {
            Set<Grant> held = new LinkedHashSet<>(of(granted.subject()));
            held.add(granted.grant());
            next.put(granted.subject(), held);
        } else if (event instanceof IdentityEvent.RoleRevoked revoked) {
            Set<Grant> held = new LinkedHashSet<>(of(revoked.subject()));
            held.remove(revoked.grant());
            next.put(revoked.subject(), held);
        } else if (event instanceof IdentityEvent.MemberRemoved removed) {
            next.remove(Subject.user(removed.userId()));
        } else if (event instanceof IdentityEvent.GroupDeleted deleted) {
            next.remove(Subject.group(deleted.groupId()));
        } else {
            return this;
        }
        return new Permissions(next);
    }
}
