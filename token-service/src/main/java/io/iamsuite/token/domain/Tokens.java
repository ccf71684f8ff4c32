package io.iamsuite.token.domain;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.Grant;
import io.iamsuite.events.TokenEvent;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens of a workspace as the rules see them (a command loads only the tokens it is about). A token is active
 * until it is revoked or expired; one past its {@code expiresAt} is inactive at once, before the sweeper records
 * {@code TokenExpired}. A token holds at most two secret hashes: the current one, and the one it replaced, valid
 * until {@code previousValidUntil} (exclusive).
 */
public record Tokens(Map<String, Token> tokens) {
    public enum Status { ACTIVE, REVOKED, EXPIRED }

    public record Token(String tokenId, String description, TokenEvent.Access access, List<Grant> grants,
                        String createdBy, Instant expiresAt, String secretHash, String previousHash,
                        Instant previousValidUntil, Status status, boolean creatorDeparted) {
        public Token {
            grants = List.copyOf(grants);
        }

        /** Recorded as neither revoked nor expired, and not past its expiry at {@code now}. */
        public boolean activeAt(Instant now) {
            return status == Status.ACTIVE && (expiresAt == null || now.isBefore(expiresAt));
        }

        /** The status a reader should see at {@code now}: EXPIRED as soon as the time is up. */
        public Status statusAt(Instant now) {
            return status == Status.ACTIVE && !activeAt(now) ? Status.EXPIRED : status;
        }

        /** The secret hashes that authenticate this token at {@code now} (none once it is inactive). */
        public List<String> validHashesAt(Instant now) {
            if (!activeAt(now)) {
                return List.of();
            }
            if (previousHash != null && previousValidUntil != null && now.isBefore(previousValidUntil)) {
                return List.of(secretHash, previousHash);
            }
            return List.of(secretHash);
        }

        Token with(Status next) {
            return new Token(tokenId, description, access, grants, createdBy, expiresAt, secretHash, previousHash,
                    previousValidUntil, next, creatorDeparted);
        }
    }

    public Tokens {
        tokens = Map.copyOf(tokens);
    }

    public static Tokens empty() {
        return new Tokens(Map.of());
    }

    public Optional<Token> token(String tokenId) {
        return Optional.ofNullable(tokens.get(tokenId));
    }

    public Tokens evolve(DomainEvent event) {
        Map<String, Token> next = new HashMap<>(tokens);
        if (event instanceof TokenEvent.TokenIssued issued) {
            next.put(issued.tokenId(), new Token(issued.tokenId(), issued.description(), issued.access(),
                    issued.grants(), issued.createdBy(), issued.expiresAt(), issued.secretHash(), null, null,
                    Status.ACTIVE, false));
        } else if (event instanceof TokenEvent.TokenRotated rotated) {
            next.computeIfPresent(rotated.tokenId(), (id, t) -> new Token(id, t.description(), t.access(), t.grants(),
                    t.createdBy(), t.expiresAt(), rotated.secretHash(), t.secretHash(), rotated.previousValidUntil(),
                    t.status(), t.creatorDeparted()));
        } else if (event instanceof TokenEvent.TokenPermissionsReplaced replaced) {
            next.computeIfPresent(replaced.tokenId(), (id, t) -> new Token(id, t.description(), replaced.access(),
                    replaced.grants(), t.createdBy(), t.expiresAt(), t.secretHash(), t.previousHash(),
                    t.previousValidUntil(), t.status(), t.creatorDeparted()));
        } else if (event instanceof TokenEvent.TokenRevoked revoked) {
            next.computeIfPresent(revoked.tokenId(), (id, t) -> t.with(Status.REVOKED));
        } else if (event instanceof TokenEvent.TokenExpired expired) {
            next.computeIfPresent(expired.tokenId(), (id, t) -> t.with(Status.EXPIRED));
        } else if (event instanceof TokenEvent.TokenCreatorDeparted departed) {
            next.computeIfPresent(departed.tokenId(), (id, t) -> new Token(id, t.description(), t.access(),
                    t.grants(), t.createdBy(), t.expiresAt(), t.secretHash(), t.previousHash(),
                    t.previousValidUntil(), t.status(), true));
        } else {
            return this;
        }
        return new Tokens(next);
    }
}
