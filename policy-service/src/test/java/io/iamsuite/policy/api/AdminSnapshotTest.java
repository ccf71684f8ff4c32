package io.iamsuite.policy.api;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.audit.AuditTrail;
import io.iamsuite.policy.messaging.ProjectionConsumer;
import io.iamsuite.policy.snapshot.SnapshotStore;
import io.iamsuite.policy.snapshot.Snapshots;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.iamsuite.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The operator's "snapshot now" against a real Kafka broker and PostgreSQL: the snapshot is stored before the answer,
 * holds every event applied before the request, and the status shows it; bad input and tokens are refused.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class AdminSnapshotTest {
    @InjectInfra
    InfraInfo infra;
    @Inject
    Projection live;
    @Inject
    ProjectionConsumer consumer;
    @Inject
    SnapshotStore store;

    private final String workspace = "ws_" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void a_snapshot_now_is_stored_before_the_answer_and_holds_every_event_applied_before_the_request() throws Exception {
        publish(EventSource.RESOURCE, 1, new ResourceEvent.WorkspaceCreated(workspace, "Acme", "acme"));
        publish(EventSource.IDENTITY, 1, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER));
        await().atMost(Duration.ofSeconds(30)).until(() -> live.applied().get(EventSource.IDENTITY, workspace) >= 1
                && consumer.caughtUp());
        Instant asked = Instant.now();

        ExtractableResponse<Response> answer = given().post("/policy/v1/admin/snapshot").then().statusCode(201).extract();
        long id = ((Number) answer.path("data.id")).longValue();
        assertThat(Instant.parse(answer.path("data.takenAt"))).isAfterOrEqualTo(asked.minusSeconds(1));
        assertThat(((Number) answer.path("data.sizeBytes")).longValue()).isPositive();
        assertThat(((Number) answer.path("data.uncompressedBytes")).longValue())
                .isGreaterThan(((Number) answer.path("data.sizeBytes")).longValue());

        // stored (the newest), and decoding it gives this workspace with its owner
        SnapshotStore.Meta newest = store.list().get(0);
        assertThat(newest.id()).isEqualTo(id);
        assertThat(newest.events()).isEqualTo(((Number) answer.path("data.eventsApplied")).longValue());
        Projection restored = new Projection();
        Snapshots.decode(store.state(id), restored, new AuditTrail(100_000));
        assertThat(restored.dump()).contains("workspace " + workspace).contains("ada");

        given().get("/policy/v1/admin/snapshot").then().statusCode(200)
                .body("data.enabled", equalTo(true))
                .body("data.requestWaiting", equalTo(false))
                .body("data.lastStored.id", equalTo((int) id));

        // a second request is a new snapshot, not the first one again
        long second = ((Number) given().post("/policy/v1/admin/snapshot?waitSeconds=30").then().statusCode(201)
                .extract().path("data.id")).longValue();
        assertThat(second).isGreaterThan(id);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not a number   | waitSeconds=soon | waitSeconds",
            "negative       | waitSeconds=-1   | waitSeconds",
            "too long       | waitSeconds=601  | waitSeconds",
            "unknown param  | wait=5           | wait",
    })
    void a_bad_query_answers_422_naming_the_parameter(String name, String query, String field) {
        long before = store.list().stream().mapToLong(SnapshotStore.Meta::id).max().orElse(0);
        given().post("/policy/v1/admin/snapshot?" + query).then().statusCode(422)
                .body("errors.field", hasItem(field));
        assertThat(store.list().stream().mapToLong(SnapshotStore.Meta::id).max().orElse(0))
                .as("no snapshot taken for a refused request").isEqualTo(before);
    }

    @Test
    void tokens_are_refused() {
        String owner = TestTokens.issue(infra, workspace, TokenEvent.Access.OWNER, List.of(), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", "Bearer " + owner)
                .get("/policy/v1/admin/snapshot").statusCode() != 401);
        given().header("Authorization", "Bearer " + owner).post("/policy/v1/admin/snapshot").then().statusCode(403);
        given().header("Authorization", "Bearer " + owner).get("/policy/v1/admin/snapshot").then().statusCode(403);
        given().header("Authorization", "Bearer iamt_not_a_token").post("/policy/v1/admin/snapshot")
                .then().statusCode(401);
    }

    private void publish(EventSource source, long position, DomainEvent event) {
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(), EventTypes.currentVersion(event.getClass()),
                workspace, "stream", position, position, Instant.now(), Actor.system(), "test", event);
        infra.send(infra.eventsTopic(source.id()), workspace, EventCodec.standard().encodeToString(envelope));
    }
}
