package io.iamsuite.policy.messaging;

import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.policy.config.PolicyConfig;
import io.iamsuite.policy.domain.Projection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The three consistency modes of every read: minimizeLatency, atLeastAsFresh(tokens), fullyConsistent. */
@ApplicationScoped
public class Freshness {
    private final Projection projection;
    private final ProjectionConsumer consumer;
    private final ConsistencyGate gate;
    private final PolicyConfig config;
    private volatile Admin admin;

    public Freshness(Projection projection, ProjectionConsumer consumer, ConsistencyGate gate, PolicyConfig config) {
        this.projection = projection;
        this.consumer = consumer;
        this.gate = gate;
        this.config = config;
    }

    /** Waits until every position of {@code token} is applied. */
    public Uni<Void> atLeastAsFresh(ConsistencyToken token) {
        return gate.await(() -> satisfies(token), config.consistency().maxWait(), () -> lag(token));
    }

    /** Waits until everything published to the event topics when the read arrived is applied. */
    public Uni<Void> fullyConsistent() {
        return Uni.createFrom().item(this::endOffsets)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(end -> gate.await(() -> reached(end), config.consistency().maxWait(), () -> lag(end)));
    }

    private boolean satisfies(ConsistencyToken token) {
        return token.positions().entrySet().stream()
                .allMatch(e -> projection.applied().get(e.getKey(), token.workspaceId()) >= e.getValue());
    }

    private String lag(ConsistencyToken token) {
        return token.positions().entrySet().stream()
                .filter(e -> projection.applied().get(e.getKey(), token.workspaceId()) < e.getValue())
                .map(e -> e.getKey().id() + " applied " + projection.applied().get(e.getKey(), token.workspaceId())
                        + " of " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.consumed().getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private String lag(Map<TopicPartition, Long> end) {
        long behind = end.entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - consumer.consumed().getOrDefault(e.getKey(), 0L))).sum();
        return behind + " records not yet applied";
    }

    private Map<TopicPartition, Long> endOffsets() {
        try {
            Admin client = admin();
            var partitions = client.describeTopics(consumer.topics()).allTopicNames().get(10, TimeUnit.SECONDS)
                    .values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            client.listOffsets(partitions).all().get(10, TimeUnit.SECONDS)
                    .forEach((partition, info) -> end.put(partition, info.offset()));
            return end;
        } catch (Exception e) {
            throw new ConsistencyGate.StaleProjectionException("cannot read the topics' end offsets: " + e.getMessage(),
                    java.time.Duration.ZERO);
        }
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(ClientProperties.admin(consumer.bootstrapServers()));
                }
            }
        }
        return admin;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close();
        }
    }

}
