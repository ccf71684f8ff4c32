package io.iamsuite.auth;

import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.Grant;
import io.iamsuite.events.TokenEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every API token of every workspace, in memory, folded from token-service's events: secret hash -> token.
 * Authenticating is one SHA-256 and two hash-map lookups. Each event is applied once (by event id);
 * a revoked or expired token stays known so the refusal can say why.
 */
public final class TokenDirectory {
    /** Why a secret was refused. */
    public enum Refusal { UNKNOWN, EXPIRED, REVOKED }

    /** Either a principal or the reason there is none. */
    public record Result(Principal.Token principal, Refusal refusal) {
        public boolean ok() {
            return principal != null;
        }
    }

    private record Entry(String workspaceId, String tokenId, TokenEvent.Access access, List<Grant> grants,
                         String hash, String previousHash, Instant previousValidUntil, Instant expiresAt,
                         boolean revoked, boolean expired) {

        Entry with(TokenEvent.Access nextAccess, List<Grant> nextGrants) {
            return new Entry(workspaceId, tokenId, nextAccess, nextGrants, hash, previousHash, previousValidUntil,
                    expiresAt, revoked, expired);
        }
    }

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByHash = new ConcurrentHashMap<>();
    private final Map<String, Principal.Token> principals = new ConcurrentHashMap<>();
    private final Set<UUID> applied = ConcurrentHashMap.newKeySet();

    /** Applies a token event; false if it was applied before (or is not a token event). */
    public synchronized boolean apply(EventEnvelope envelope) {
        if (!(envelope.data() instanceof TokenEvent event)) {
            return false;
        }
        // By event id, not position: token-service applies its own writes at once (so a revocation holds there
        // immediately) and the same events arrive again, maybe interleaved with older ones, from Kafka.
        if (!applied.add(envelope.eventId())) {
            return false;
        }
        if (event instanceof TokenEvent.TokenIssued issued) {
            byId.put(issued.tokenId(), new Entry(envelope.workspaceId(), issued.tokenId(), issued.access(),
                    issued.grants(), issued.secretHash(), null, null, issued.expiresAt(), false, false));
            idByHash.put(issued.secretHash(), issued.tokenId());
            return true;
        }
        String tokenId = event.tokenId();
        Entry entry = byId.get(tokenId);
        if (entry == null || !entry.workspaceId().equals(envelope.workspaceId())) {
            return true;   // an event of a token this directory never saw issued: nothing to change
        }
        if (event instanceof TokenEvent.TokenRotated rotated) {
            if (entry.previousHash() != null) {
                idByHash.remove(entry.previousHash());
            }
            byId.put(tokenId, new Entry(entry.workspaceId(), tokenId, entry.access(), entry.grants(),
                    rotated.secretHash(), entry.hash(), rotated.previousValidUntil(), entry.expiresAt(),
                    entry.revoked(), entry.expired()));
            idByHash.put(rotated.secretHash(), tokenId);
        } else if (event instanceof TokenEvent.TokenPermissionsReplaced replaced) {
            byId.put(tokenId, entry.with(replaced.access(), replaced.grants()));
        } else if (event instanceof TokenEvent.TokenRevoked) {
            byId.put(tokenId, new Entry(entry.workspaceId(), tokenId, entry.access(), entry.grants(), entry.hash(),
                    entry.previousHash(), entry.previousValidUntil(), entry.expiresAt(), true, entry.expired()));
        } else if (event instanceof TokenEvent.TokenExpired) {
            byId.put(tokenId, new Entry(entry.workspaceId(), tokenId, entry.access(), entry.grants(), entry.hash(),
                    entry.previousHash(), entry.previousValidUntil(), entry.expiresAt(), entry.revoked(), true));
        }
        return true;
    }

    /** The principal of {@code secret} at {@code now}, or why there is none. Never logs the secret. */
    public Result authenticate(String secret, Instant now) {
        if (!TokenSecrets.looksLikeSecret(secret)) {
            return new Result(null, Refusal.UNKNOWN);
        }
        String hash = TokenSecrets.hash(secret);
        String tokenId = idByHash.get(hash);
        Entry entry = tokenId == null ? null : byId.get(tokenId);
        if (entry == null) {
            return new Result(null, Refusal.UNKNOWN);
        }
        boolean current = TokenSecrets.sameHash(hash, entry.hash());
        boolean previous = !current && TokenSecrets.sameHash(hash, entry.previousHash())
                && entry.previousValidUntil() != null && now.isBefore(entry.previousValidUntil());
        if (!current && !previous) {
            return new Result(null, Refusal.UNKNOWN);
        }
        if (entry.revoked()) {
            return new Result(null, Refusal.REVOKED);
        }
        if (entry.expired() || (entry.expiresAt() != null && !now.isBefore(entry.expiresAt()))) {
            return new Result(null, Refusal.EXPIRED);
        }
        Principal.Token principal = principals.get(tokenId);
        if (principal == null || principal.access() != entry.access() || principal.grants() != entry.grants()) {
            principal = new Principal.Token(entry.workspaceId(), tokenId, entry.access(), entry.grants());
            principals.put(tokenId, principal);   // built once per change of the token, not per request
        }
        return new Result(principal, null);
    }

    /** Whether any token was ever issued (bootstrap runs once). */
    public boolean anyToken() {
        return !byId.isEmpty();
    }

    public int size() {
        return byId.size();
    }
}
