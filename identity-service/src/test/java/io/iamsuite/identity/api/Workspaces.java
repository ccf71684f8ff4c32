package io.iamsuite.identity.api;

import io.iamsuite.events.Actor;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.testing.InfraInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Makes a workspace exist for identity-service the way production does: its event on the resource topic. */
final class Workspaces {
    private Workspaces() {
    }

    static String newId() {
        return "ws_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Publishes resource-service's WorkspaceCreated for {@code workspaceId}. */
    static void publishCreated(InfraInfo infra, String workspaceId) {
        var created = new EventEnvelope(UUID.randomUUID(), "resource.workspace-created", 1, workspaceId,
                "workspace:" + workspaceId, 1, 1, Instant.now(), Actor.system(), "test",
                new ResourceEvent.WorkspaceCreated(workspaceId, "Acme", workspaceId.toLowerCase().replace('_', '-')));
        infra.send(infra.eventsTopic("resource"), workspaceId, EventCodec.standard().encodeToString(created));
    }

    /** Publishes the workspace and waits until identity-service has recorded it. */
    static void announce(InfraInfo infra, String workspaceId) {
        publishCreated(infra, workspaceId);
        await().atMost(Duration.ofSeconds(30)).until(() -> known(infra, workspaceId));
    }

    private static boolean known(InfraInfo infra, String workspaceId) throws SQLException {
        try (var connection = infra.openConnection();
             var statement = connection.prepareStatement("SELECT count(*) FROM workspaces WHERE workspace_id = ?")) {
            statement.setString(1, workspaceId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) == 1;
            }
        }
    }

    /** Publishes one of resource-service's events of the workspace at {@code position} (WorkspaceCreated is 1). */
    static void publish(InfraInfo infra, String workspaceId, long position, ResourceEvent event) {
        var envelope = new EventEnvelope(UUID.randomUUID(), EventTypes.typeOf(event.getClass()), 1, workspaceId,
                "resource:" + workspaceId, position, position, Instant.now(), Actor.system(), "test", event);
        infra.send(infra.eventsTopic("resource"), workspaceId, EventCodec.standard().encodeToString(envelope));
    }

    /** Waits until identity-service has applied the workspace's resource events up to {@code position}. */
    static void awaitResourcePosition(InfraInfo infra, String workspaceId, long position) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (var connection = infra.openConnection();
                 var statement = connection.prepareStatement(
                         "SELECT resource_position FROM workspaces WHERE workspace_id = ?")) {
                statement.setString(1, workspaceId);
                try (var rows = statement.executeQuery()) {
                    return rows.next() && rows.getLong(1) >= position;
                }
            }
        });
    }

    /** The workspace's events on identity-service's topic, decoded, once at least {@code expected} arrived. */
    static List<EventEnvelope> identityEvents(InfraInfo infra, String workspaceId, int expected) {
        Properties props = infra.kafkaClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<EventEnvelope> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(infra.eventsTopic("identity")));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (workspaceId.equals(r.key())) {
                        found.add(EventCodec.standard().decode(r.value()));
                    }
                });
                return found.size() >= expected;
            });
            // Anything beyond the expected count that is already there is returned too, so "exactly" can fail.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                if (workspaceId.equals(r.key())) {
                    found.add(EventCodec.standard().decode(r.value()));
                }
            });
        }
        return found;
    }
}
