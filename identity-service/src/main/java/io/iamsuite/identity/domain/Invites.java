package io.iamsuite.identity.domain;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invites of a workspace as the rules see them. An invite is pending until it is accepted, revoked or
 * expired; one past its {@code expiresAt} counts as expired at once, before the sweeper records
 * {@code InviteExpired}.
 */
public record Invites(Map<String, Invite> invites) {
    public enum Status { PENDING, ACCEPTED, REVOKED, EXPIRED }

    /** {@code grants} may hold the Workspace Owner role on the workspace: the invitee joins as an owner. */
    public record Invite(String inviteId, String email, List<Grant> grants, Instant expiresAt, Status status) {
        public Invite {
            grants = List.copyOf(grants);
        }

        public boolean pendingAt(Instant now) {
            return status == Status.PENDING && now.isBefore(expiresAt);
        }

        Invite with(Status next) {
            return new Invite(inviteId, email, grants, expiresAt, next);
        }
    }

    public Invites {
        invites = Map.copyOf(invites);
    }

    public static Invites empty() {
        return new Invites(Map.of());
    }

    public Optional<Invite> invite(String inviteId) {
        return Optional.ofNullable(invites.get(inviteId));
    }

    /** The invite of {@code email} that is still open (pending, expired or not), if any: at most one. */
    public Optional<Invite> openFor(String email) {
        String normalised = MemberDecider.normalise(email);
        return invites.values().stream()
                .filter(i -> i.status() == Status.PENDING && MemberDecider.normalise(i.email()).equals(normalised))
                .findFirst();
    }

    public Invites evolve(DomainEvent event) {
        Map<String, Invite> next = new HashMap<>(invites);
        if (event instanceof IdentityEvent.InviteSent sent) {
            next.put(sent.inviteId(), new Invite(sent.inviteId(), sent.email(), sent.grants(), sent.expiresAt(),
                    Status.PENDING));
        } else if (event instanceof IdentityEvent.InviteResent resent) {
            next.computeIfPresent(resent.inviteId(), (id, i) -> new Invite(id, i.email(), i.grants(),
                    resent.expiresAt(), i.status()));
        } else if (event instanceof IdentityEvent.InviteRevoked revoked) {
            next.computeIfPresent(revoked.inviteId(), (id, i) -> i.with(Status.REVOKED));
        } else if (event instanceof IdentityEvent.InviteExpired expired) {
            next.computeIfPresent(expired.inviteId(), (id, i) -> i.with(Status.EXPIRED));
        } else if (event instanceof IdentityEvent.InviteAccepted accepted) {
            next.computeIfPresent(accepted.inviteId(), (id, i) -> i.with(Status.ACCEPTED));
        } else {
            return this;
        }
        return new Invites(next);
    }
}
