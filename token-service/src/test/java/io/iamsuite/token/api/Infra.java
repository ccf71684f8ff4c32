package io.iamsuite.token.api;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.testing.InfraInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** What the other services would do, done by hand on the real broker and database: their events, our rows. */
final class Infra {
    private Infra() {
    }

    static String newWorkspaceId() {
        return "ws_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Publishes resource-service's WorkspaceCreated and waits until token-service has recorded it. */
    static void announce(InfraInfo infra, String workspaceId) {
        publishResource(infra, workspaceId, 1, new ResourceEvent.WorkspaceCreated(workspaceId, "Acme",
                workspaceId.toLowerCase().replace('_', '-')));
        awaitResourcePosition(infra, workspaceId, 1);
    }

    /** Publishes one of resource-service's events of the workspace at {@code position} (WorkspaceCreated is 1). */
    static void publishResource(InfraInfo infra, String workspaceId, long position, ResourceEvent event) {
        publish(infra, "resource", workspaceId, position, event);
    }

    static void publish(InfraInfo infra, String service, String workspaceId, long position, DomainEvent event) {
        var envelope = new EventEnvelope(UUID.randomUUID(), EventTypes.typeOf(event.getClass()), 1, workspaceId,
                service + ":" + workspaceId, position, position, Instant.now(), Actor.system(), "test", event);
        infra.send(infra.eventsTopic(service), workspaceId, EventCodec.standard().encodeToString(envelope));
    }

    static void awaitResourcePosition(InfraInfo infra, String workspaceId, long position) {
        await().atMost(Duration.ofSeconds(30)).until(() -> queryLong(infra,
                "SELECT coalesce(max(resource_position), 0) FROM workspaces WHERE workspace_id = ?", workspaceId) >= position);
    }

    static long queryLong(InfraInfo infra, String sql, String... args) throws SQLException {
        try (var connection = infra.openConnection(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setString(i + 1, args[i]);
            }
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static long eventCount(InfraInfo infra, String workspaceId) throws SQLException {
        return queryLong(infra, "SELECT count(*) FROM event_log WHERE workspace_id = ?", workspaceId);
    }

    /** The raw records of the workspace on token-service's topic, once at least {@code expected} arrived. */
    static List<String> tokenRecords(InfraInfo infra, String workspaceId, int expected) {
        Properties props = infra.kafkaClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(infra.eventsTopic("token")));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (workspaceId.equals(r.key())) {
                        found.add(r.value());
                    }
                });
                return found.size() >= expected;
            });
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                if (workspaceId.equals(r.key())) {
                    found.add(r.value());
                }
            });
        }
        return found;
    }

    static List<EventEnvelope> tokenEvents(InfraInfo infra, String workspaceId, int expected) {
        return tokenRecords(infra, workspaceId, expected).stream().map(EventCodec.standard()::decode).toList();
    }
}
