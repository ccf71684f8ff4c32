package io.iamsuite.policy.api;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

/**
 * The operator's rebuild of the live projection against a real Kafka broker: reads keep answering while it runs,
 * the swapped-in projection equals the old one for an unchanged log, and the consumer carries on after the swap.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class AdminRebuildTest {
    @InjectInfra
    InfraInfo infra;

    @Inject
    Projection projection;

    private final String workspace = "ws_" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void a_rebuild_answers_throughout_swaps_when_caught_up_and_equals_the_old_projection() throws Exception {
        publish(EventSource.RESOURCE, 1, new ResourceEvent.WorkspaceCreated(workspace, "Acme", "acme"));
        publish(EventSource.IDENTITY, 1, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER));
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(check("ada", true)));
        String before = projection.dump();

        AtomicBoolean reading = new AtomicBoolean(true);
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (reading.get()) {
                Object allowed = check("ada", false);
                reads.incrementAndGet();
                if (!Boolean.TRUE.equals(allowed)) {
                    wrong.add(String.valueOf(allowed));
                }
            }
        });
        reader.start();
        try {
            given().post("/policy/v1/admin/rebuild").then().statusCode(202)
                    .body("data.state", anyOf(equalTo("REPLAYING"), equalTo("CATCHING_UP"), equalTo("SWAPPED")));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    "SWAPPED".equals(given().get("/policy/v1/admin/rebuild").then().statusCode(200)
                            .extract().path("data.state")));
        } finally {
            reading.set(false);
            reader.join(10_000);
        }

        assertThat(wrong).as("answers during the rebuild").isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(projection.dump()).as("the swapped-in projection, for an unchanged log").isEqualTo(before);
        given().get("/policy/v1/admin/rebuild").then().statusCode(200)
                .body("data.eventsApplied", org.hamcrest.Matchers.greaterThanOrEqualTo(2))
                .body("data.handovers", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("data.finishedAt", org.hamcrest.Matchers.notNullValue());

        publish(EventSource.IDENTITY, 2, new IdentityEvent.MemberRemoved("ada", "ada@x.io"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(check("ada", true)));
    }

    /**
     * A longer rebuild (a few thousand records to read) while a writer keeps publishing: checks answer throughout,
     * and once swapped the live projection holds exactly what a fresh replay of the whole log holds — no event the
     * consumer applied during the rebuild is lost, none applied twice.
     */
    @Test
    void a_rebuild_under_writes_loses_nothing_and_answers_throughout() throws Exception {
        String filler = workspace + "_f";
        try (var producer = new KafkaProducer<>(infra.kafkaClientProperties(), new StringSerializer(), new StringSerializer())) {
            producer.send(record(EventSource.RESOURCE, filler, 1, new ResourceEvent.WorkspaceCreated(filler, "F", "f")));
            for (int i = 1; i <= 4000; i++) {
                producer.send(record(EventSource.IDENTITY, filler, i,
                        new IdentityEvent.MemberAdded("u" + i, "u" + i + "@x.io", "U", MemberRole.MEMBER)));
            }
            producer.send(record(EventSource.RESOURCE, workspace, 1, new ResourceEvent.WorkspaceCreated(workspace, "A", "a")));
            producer.send(record(EventSource.IDENTITY, workspace, 1,
                    new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER)));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(check("ada", true)));

        AtomicBoolean running = new AtomicBoolean(true);
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicInteger written = new AtomicInteger(1);
        Thread writer = new Thread(() -> {
            try (var producer = new KafkaProducer<>(infra.kafkaClientProperties(), new StringSerializer(), new StringSerializer())) {
                while (running.get()) {
                    int position = written.incrementAndGet();
                    producer.send(record(EventSource.IDENTITY, workspace, position,
                            new IdentityEvent.MemberAdded("w" + position, "w" + position + "@x.io", "W", MemberRole.MEMBER)));
                    producer.flush();
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread reader = new Thread(() -> {
            while (running.get()) {
                Object allowed = check("ada", false);
                if (!Boolean.TRUE.equals(allowed)) {
                    wrong.add(String.valueOf(allowed));
                }
            }
        });
        writer.start();
        reader.start();
        try {
            given().post("/policy/v1/admin/rebuild").then().statusCode(202);
            given().post("/policy/v1/admin/rebuild").then().statusCode(anyOf(equalTo(409), equalTo(202)));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                    "SWAPPED".equals(given().get("/policy/v1/admin/rebuild").then().statusCode(200)
                            .extract().path("data.state")));
        } finally {
            running.set(false);
            writer.join(10_000);
            reader.join(10_000);
        }
        assertThat(wrong).as("answers during the rebuild").isEmpty();
        given().get("/policy/v1/admin/rebuild").then().statusCode(200)
                .body("data.recordsRead", org.hamcrest.Matchers.greaterThanOrEqualTo(4002));

        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(check("ada", true)));
        assertThat(projection.applied().get(EventSource.IDENTITY, workspace)).isEqualTo(written.get());
        assertThat(projection.dump()).as("the live projection after the swap and the writes, against a fresh replay")
                .isEqualTo(freshReplay());
    }

    private String freshReplay() {
        Projection fresh = new Projection();
        try (var reader = new io.iamsuite.policy.timetravel.LogReader(infra.kafkaBootstrap(),
                io.iamsuite.messaging.KafkaTopics.allEvents(infra.namespace()), "test-fresh-replay")) {
            reader.readUntil(reader.endOffsets(), null, fresh::apply,
                    new io.iamsuite.policy.timetravel.ReplayProgress("fresh", 2000));
        }
        return fresh.dump();
    }

    private ProducerRecord<String, String> record(EventSource source, String workspaceId, long position,
                                                         DomainEvent event) {
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(),
                io.iamsuite.events.EventTypes.currentVersion(event.getClass()), workspaceId, "stream", position,
                position, Instant.now(), Actor.system(), "test", event);
        return new ProducerRecord<>(infra.eventsTopic(source.id()), workspaceId, EventCodec.standard().encodeToString(envelope));
    }

    @Test
    void only_the_operator_may_rebuild() {
        given().header("Authorization", "Bearer iamt_not_a_token").post("/policy/v1/admin/rebuild")
                .then().statusCode(401);
    }

    private Object check(String user, boolean fullyConsistent) {
        String body = "{\"workspaceId\":\"" + workspace + "\",\"subject\":{\"type\":\"USER\",\"id\":\"" + user + "\"},"
                + "\"permission\":\"source.update\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"src_1\"}"
                + (fullyConsistent ? ",\"consistency\":{\"fullyConsistent\":true}" : "") + "}";
        var response = given().contentType(ContentType.JSON).body(body).post("/policy/v1/check").then().extract();
        return response.statusCode() == 200 ? response.path("data.allowed") : "HTTP " + response.statusCode();
    }

    private void publish(EventSource source, long position, DomainEvent event) {
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(),
                io.iamsuite.events.EventTypes.currentVersion(event.getClass()), workspace, "stream", position,
                position, Instant.now(), Actor.system(), "test", event);
        infra.send(infra.eventsTopic(source.id()), workspace, EventCodec.standard().encodeToString(envelope));
    }
}
