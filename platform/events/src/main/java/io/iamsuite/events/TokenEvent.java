package io.iamsuite.events;

import java.time.Instant;
import java.util.List;

/**
 * Events of token-service. A token is a principal with its own grants. Only the SHA-256 hash of a secret
 * ever appears here (256 random bits cannot be guessed from it), so other services can authenticate
 * tokens from memory.
 */
public sealed interface TokenEvent extends DomainEvent {

    @Override
    default EventSource source() {
        return EventSource.TOKEN;
    }

    /** The token every token event is about (each record's {@code tokenId} component). */
    String tokenId();

    enum Access { OWNER, MEMBER }

    @EventType("token.token-issued")
    record TokenIssued(String tokenId, String description, Access access, List<Grant> grants, String secretHash,
                       String createdBy, Instant expiresAt) implements TokenEvent {
        public TokenIssued {
            grants = grants == null ? List.of() : List.copyOf(grants);
        }
    }

    /** A new secret; the previous one stays valid until {@code previousValidUntil}. */
    @EventType("token.token-rotated")
    record TokenRotated(String tokenId, String secretHash, Instant previousValidUntil) implements TokenEvent {}

    @EventType("token.token-permissions-replaced")
    record TokenPermissionsReplaced(String tokenId, Access access, List<Grant> grants) implements TokenEvent {
        public TokenPermissionsReplaced {
            grants = grants == null ? List.of() : List.copyOf(grants);
        }
    }

    @EventType("token.token-revoked")
    record TokenRevoked(String tokenId) implements TokenEvent {}

    @EventType("token.token-expired")
    record TokenExpired(String tokenId) implements TokenEvent {}

    /** The user who created the token left the workspace; the token still works but is flagged. */
    @EventType("token.token-creator-departed")
    record TokenCreatorDeparted(String tokenId, String userId) implements TokenEvent {}
}
