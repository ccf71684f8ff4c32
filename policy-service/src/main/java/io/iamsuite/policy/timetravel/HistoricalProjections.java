package io.iamsuite.policy.timetravel;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.messaging.KafkaTopics;
import io.iamsuite.policy.config.PolicyConfig;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Lookups;
import io.iamsuite.policy.domain.Projection;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Projections of one workspace as of a past point, built from the log: the three event topics read from the
 * beginning to their end at the time of the request, only the workspace's records (the topics are keyed by
 * workspace), folded into a fresh {@link Projection} up to the point, then answered by the same {@link Evaluator}
 * and {@link Lookups} as the live one. The last few (workspace, point) projections are kept (LRU); concurrent asks
 * for the same one share one replay.
 *
 * <p>A point given by time is only cached when it is at least {@link #SETTLED} in the past, so an event still on
 * its way from a relay (committed just before the point) is not hidden behind a cached answer.
 */
@ApplicationScoped
public class HistoricalProjections {
    /** Kept (workspace, point) projections. */
    static final int CACHE_SIZE = 8;
    /** How far in the past a time must be before its projection is cached. */
    static final java.time.Duration SETTLED = java.time.Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final List<String> topics;
    private final RoleCatalogue catalogue;
    private final Map<Key, CompletableFuture<Historical>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<Historical>> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public HistoricalProjections(PolicyConfig config, RoleCatalogue catalogue,
                                 @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
                                 String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.topics = KafkaTopics.allEvents(config.kafka().namespace());
        this.catalogue = catalogue;
    }

    /** A projection of the workspace as of the point, with its evaluator and lookups. */
    public record Historical(String workspaceId, AsOf asOf, Projection projection, Evaluator evaluator,
                            Lookups lookups, long eventsApplied, long recordsRead) {
    }

    private record Key(String workspaceId, AsOf asOf) {
    }

    /** The projection as of the point: from the cache, or replayed now (blocking: call off the event loop). */
    public Historical at(String workspaceId, AsOf asOf) {
        if (asOf.time() != null && asOf.time().isAfter(java.time.Instant.now().minus(SETTLED))) {
            return replay(workspaceId, asOf);
        }
        Key key = new Key(workspaceId, asOf);
        CompletableFuture<Historical> future;
        boolean mine = false;
        synchronized (cache) {
            future = cache.get(key);
            if (future == null) {
                future = new CompletableFuture<>();
                cache.put(key, future);
                mine = true;
            }
        }
        if (mine) {
            try {
                future.complete(replay(workspaceId, asOf));
            } catch (RuntimeException e) {
                synchronized (cache) {
                    cache.remove(key, future);
                }
                future.completeExceptionally(e);
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** How many projections the cache holds (for tests and health). */
    public int cached() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private Historical replay(String workspaceId, AsOf asOf) {
        HistoricalFold fold = new HistoricalFold(workspaceId, asOf);
        ReplayProgress progress = new ReplayProgress(workspaceId + " as of " + asOf, 2000);
        try (LogReader reader = new LogReader(bootstrapServers, topics, "policy-as-of")) {
            Map<TopicPartition, Long> end = reader.endOffsets();
            progress.total(reader.recordsUpTo(end));
            reader.readUntil(end, workspaceId, fold::offer, progress);
        }
        progress.log("done");
        Projection projection = fold.projection();
        Evaluator evaluator = new Evaluator(projection, catalogue);
        return new Historical(workspaceId, asOf, projection, evaluator, new Lookups(projection, evaluator),
                fold.applied(), progress.read());
    }
}
