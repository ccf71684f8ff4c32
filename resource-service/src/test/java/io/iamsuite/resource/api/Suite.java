package io.iamsuite.resource.api;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.testing.InfraInfo;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** What the resource-service tests share: a fresh workspace, JSON requests, the events on the topic, table counts. */
final class Suite {
    private Suite() {
    }

    /** Creates a workspace over the API and returns its id (its events: workspace-created, 2 x label-created). */
    static String workspace() {
        String slug = "ws-" + UUID.randomUUID().toString().substring(0, 8);
        return given().contentType(ContentType.JSON).body("{\"name\":\"Acme\",\"slug\":\"" + slug + "\"}")
                .post("/workspaces").then().statusCode(201).extract().path("data.workspace.id");
    }

    static String createSource(String ws, String slug) {
        return given().contentType(ContentType.JSON).body("{\"slug\":\"" + slug + "\",\"enabled\":true,\"metadataId\":\"m1\"}")
                .post("/workspaces/{ws}/sources", ws).then().statusCode(201).extract().path("data.source.id");
    }

    static void createLabel(String ws, String key, String value) {
        given().contentType(ContentType.JSON).body("{\"label\":{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}}")
                .post("/workspaces/{ws}/labels", ws).then().statusCode(201);
    }

    /**
     * The types of the events of workspace {@code ws} on resource-service's topic, once {@code expected} have arrived,
     * and after a further moment in which no more may arrive.
     */
    static List<String> eventTypes(InfraInfo infra, String ws, int expected) {
        return events(infra, ws, expected).stream().map(EventEnvelope::eventType).toList();
    }

    static List<EventEnvelope> events(InfraInfo infra, String ws, int expected) {
        List<EventEnvelope> events = new ArrayList<>();
        var props = infra.kafkaClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(infra.eventsTopic("resource")));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (ws.equals(r.key())) {
                        events.add(EventCodec.standard().decode(r.value()));
                    }
                });
                return events.size() >= expected;
            });
            long until = System.currentTimeMillis() + 500;
            while (System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (ws.equals(r.key())) {
                        events.add(EventCodec.standard().decode(r.value()));
                    }
                });
            }
        }
        events.sort(java.util.Comparator.comparingLong(EventEnvelope::position));
        return events;
    }

    /** Publishes another service's event for {@code ws} at {@code position}, as its relay would. */
    static void publish(InfraInfo infra, String service, String ws, long position, DomainEvent event) {
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(), io.iamsuite.events.EventTypes.currentVersion(event.getClass()), ws, "test:" + ws, position, position,
                Instant.now(), Actor.system(), "test", event);
        infra.send(infra.eventsTopic(service), ws, EventCodec.standard().encodeToString(envelope));
    }

    static long count(InfraInfo infra, String sql) throws SQLException {
        try (var connection = infra.openConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
