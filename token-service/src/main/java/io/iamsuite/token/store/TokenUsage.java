package io.iamsuite.token.store;

import io.iamsuite.auth.TokenUseListener;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Last-used times of tokens. A use only updates memory (the latest time per token); every
 * {@code iam.tokens.last-used-flush} the latest times are written in one UPDATE for all tokens used since the
 * previous flush, so a busy token costs one row write per interval, not one per request. Not events: last-used
 * is an observation, not a change of access. A crash loses at most one interval of observations.
 */
@ApplicationScoped
public class TokenUsage implements TokenUseListener {
    private static final Logger LOG = Logger.getLogger(TokenUsage.class);
    public static final String FLUSH_JOB = "token-usage-flush";

    private record Key(String workspaceId, String tokenId) {
    }

    private final Pool pool;
    private final Map<Key, Instant> pending = new ConcurrentHashMap<>();
    private final AtomicLong statements = new AtomicLong();

    public TokenUsage(Pool pool) {
        this.pool = pool;
    }

    /** Notes a use of the token (memory only; cheap enough for every authenticated request). */
    /** platform/auth tells of every authenticated request with a token. */
    @Override
    public void used(String workspaceId, String tokenId, Instant at) {
        recordUse(workspaceId, tokenId, at);
    }

    public void recordUse(String workspaceId, String tokenId, Instant at) {
        pending.merge(new Key(workspaceId, tokenId), at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The latest use noted but not yet written, if any (so a listing is never behind memory). */
    public Optional<Instant> pendingUse(String workspaceId, String tokenId) {
        return Optional.ofNullable(pending.get(new Key(workspaceId, tokenId)));
    }

    /** How many UPDATE statements flushes have run (tests and metrics). */
    public long flushStatements() {
        return statements.get();
    }

    @Scheduled(identity = FLUSH_JOB, every = "${iam.tokens.last-used-flush:10s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledFlush() {
        return flush().onFailure().recoverWithItem(e -> {
            LOG.warnf("Could not write last-used times (kept for the next flush): %s", e.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** Writes every pending last-used time in one statement; answers how many were taken from memory. */
    public Uni<Integer> flush() {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Map.Entry<Key, Instant>> batch = new ArrayList<>(pending.entrySet());
        String[] workspaces = new String[batch.size()];
        String[] ids = new String[batch.size()];
        OffsetDateTime[] times = new OffsetDateTime[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            workspaces[i] = batch.get(i).getKey().workspaceId();
            ids[i] = batch.get(i).getKey().tokenId();
            times[i] = TokenRepository.utc(batch.get(i).getValue());
        }
        statements.incrementAndGet();
        return pool.preparedQuery("UPDATE tokens t SET last_used_at = GREATEST(t.last_used_at, u.at)"
                        + " FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(workspace_id, token_id, at)"
                        + " WHERE t.workspace_id = u.workspace_id AND t.token_id = u.token_id")
                .execute(Tuple.of(workspaces, ids, times))
                // Forget only what was written: a newer use noted meanwhile stays for the next flush.
                .invoke(() -> batch.forEach(entry -> pending.remove(entry.getKey(), entry.getValue())))
                .map(rows -> batch.size());
    }
}
