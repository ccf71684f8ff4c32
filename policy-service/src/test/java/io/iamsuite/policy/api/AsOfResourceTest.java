package io.iamsuite.policy.api;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Time travel over HTTP against a projection fed from a real Kafka broker: events published with occurredAt in
 * the past, as-of answers that differ from the live ones where history says they should.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class AsOfResourceTest {
    @InjectInfra
    InfraInfo infra;

    private String workspace;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** Created 3 h ago; ada owner 2 h ago (identity 1), removed 1 h ago (identity 2); bob owner now (identity 3). */
    @BeforeEach
    void history() {
        workspace = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        publish(EventSource.RESOURCE, 1, now.minusSeconds(3 * 3600), new ResourceEvent.WorkspaceCreated(workspace, "Acme", "acme"));
        publish(EventSource.IDENTITY, 1, now.minusSeconds(2 * 3600),
                new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER));
        publish(EventSource.IDENTITY, 2, now.minusSeconds(3600), new IdentityEvent.MemberRemoved("ada", "ada@x.io"));
        publish(EventSource.IDENTITY, 3, now, new IdentityEvent.MemberAdded("bob", "bob@x.io", "Bob", MemberRole.OWNER));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                given().contentType(ContentType.JSON).body(checkBody("bob", null).replace("}}", "},\"consistency\":{\"fullyConsistent\":true}}"))
                        .post("/policy/v1/check").then().extract().path("data.allowed") == Boolean.TRUE);
    }

    @Test
    void check_as_of_a_past_time_answers_what_was_true_then_and_differs_from_live() {
        String ninetyMinutesAgo = "{\"time\":\"" + now.minusSeconds(5400) + "\"}";
        asOf("check", checkBody("ada", ninetyMinutesAgo)).statusCode(200).body("data.allowed", equalTo(true));
        asOf("check", checkBody("bob", ninetyMinutesAgo)).statusCode(200).body("data.allowed", equalTo(false));
        live("check", checkBody("ada", null)).statusCode(200).body("data.allowed", equalTo(false));
        live("check", checkBody("bob", null)).statusCode(200).body("data.allowed", equalTo(true));
        String atRemoval = "{\"time\":\"" + now.minusSeconds(3600) + "\"}";
        asOf("check", checkBody("ada", atRemoval)).statusCode(200).body("data.allowed", equalTo(false));
    }

    @Test
    void check_as_of_positions_folds_each_source_up_to_its_position() {
        asOf("check", checkBody("ada", "{\"positions\":{\"identity\":1,\"resource\":1}}")).statusCode(200)
                .body("data.allowed", equalTo(true));
        asOf("check", checkBody("ada", "{\"positions\":{\"identity\":2,\"resource\":1}}")).statusCode(200)
                .body("data.allowed", equalTo(false));
    }

    @Test
    void explain_and_lookup_subjects_as_of_a_past_time() {
        String ninetyMinutesAgo = "{\"time\":\"" + now.minusSeconds(5400) + "\"}";
        asOf("explain", checkBody("ada", ninetyMinutesAgo)).statusCode(200)
                .body("data.allowed", equalTo(true)).body("data.reason", org.hamcrest.Matchers.notNullValue());
        asOf("lookup-subjects", subjectsBody(ninetyMinutesAgo)).statusCode(200)
                .body("data.subjects.id", contains("ada"));
        live("lookup-subjects", subjectsBody(null)).statusCode(200).body("data.subjects.id", contains("bob"));
    }

    @Test
    void summary_counts_what_the_workspace_held_then() {
        asOf("summary", "{\"workspaceId\":\"" + workspace + "\",\"asOf\":{\"time\":\"" + now.minusSeconds(5400) + "\"}}")
                .statusCode(200).body("data.members", equalTo(1)).body("data.owners", equalTo(1))
                .body("data.positions.identity", equalTo(1)).body("data.positions.resource", equalTo(1))
                .body("data.eventsApplied", equalTo(2));
    }

    @Test
    void diff_names_who_gained_and_who_lost_access_between_two_points() {
        String body = "{\"workspaceId\":\"" + workspace + "\",\"from\":{\"time\":\"" + now.minusSeconds(5400) + "\"},"
                + "\"to\":{\"positions\":{\"identity\":3,\"resource\":1}},\"permission\":\"workspace.audit.read\"}";
        asOf("diff", body).statusCode(200)
                .body("data.added.subject.id", contains("bob"))
                .body("data.added[0].resource.type", equalTo("WORKSPACE"))
                .body("data.added[0].permission", equalTo("workspace.audit.read"))
                .body("data.removed.subject.id", contains("ada"));
        String unchanged = body.replace("\"identity\":3", "\"identity\":1");
        asOf("diff", unchanged).statusCode(200).body("data.added", org.hamcrest.Matchers.empty())
                .body("data.removed", org.hamcrest.Matchers.empty());
        asOf("diff", body.replace("\"from\":{\"time", "\"from\":{\"tim")).statusCode(422);
        asOf("diff", body.replace("}}", "}},\"resourceType\":\"SOURCE\"").replace("\"to\":{\"positions\":{\"identity\":3,\"resource\":1}},", "\"to\":{\"positions\":{\"identity\":-3}},"))
                .statusCode(422).body("errors.field", hasItem("to.positions.identity"));
    }

    @Test
    void before_the_workspace_existed_it_is_unknown() {
        asOf("check", checkBody("ada", "{\"time\":\"" + now.minusSeconds(4 * 3600) + "\"}")).statusCode(404)
                .body("errors[0].field", equalTo("workspaceId"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing asOf       | null | asOf",
            "neither            | {} | asOf",
            "both               | {\"time\":\"2026-01-01T00:00:00Z\",\"positions\":{\"identity\":1}} | asOf",
            "future time        | {\"time\":\"2999-01-01T00:00:00Z\"} | asOf.time",
            "malformed time     | {\"time\":\"yesterday\"} | asOf.time",
            "negative position  | {\"positions\":{\"identity\":-1}} | asOf.positions.identity",
            "unknown source     | {\"positions\":{\"billing\":1}} | asOf.positions.billing",
            "no positions       | {\"positions\":{}} | asOf.positions",
    })
    void a_bad_as_of_answers_422_naming_the_field(String name, String asOf, String field) {
        String body = checkBody("ada", asOf.equals("null") ? null : asOf);
        asOf("check", body).statusCode(422).body("errors.field", hasItem(field));
        asOf("explain", body).statusCode(422).body("errors.field", hasItem(field));
    }

    @Test
    void the_live_validation_applies_too() {
        String body = checkBody("ada", "{\"positions\":{\"identity\":1}}").replace("source.update", "source.teleport");
        asOf("check", body).statusCode(422).body("errors[0].field", equalTo("permission"));
    }

    private String checkBody(String user, String asOf) {
        return "{\"workspaceId\":\"" + workspace + "\",\"subject\":{\"type\":\"USER\",\"id\":\"" + user + "\"},"
                + "\"permission\":\"source.update\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"src_1\"}"
                + (asOf == null ? "" : ",\"asOf\":" + asOf) + "}";
    }

    private String subjectsBody(String asOf) {
        return "{\"workspaceId\":\"" + workspace + "\",\"permission\":\"source.update\","
                + "\"resource\":{\"type\":\"SOURCE\",\"id\":\"src_1\"}" + (asOf == null ? "" : ",\"asOf\":" + asOf) + "}";
    }

    private static ValidatableResponse asOf(String read, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/policy/v1/as-of/" + read).then();
    }

    private static ValidatableResponse live(String read, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/policy/v1/" + read).then();
    }

    private void publish(EventSource source, long position, Instant occurredAt, DomainEvent event) {
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(),
                io.iamsuite.events.EventTypes.currentVersion(event.getClass()), workspace, "stream", position,
                position, occurredAt, Actor.system(), "test", event);
        infra.send(infra.eventsTopic(source.id()), workspace, EventCodec.standard().encodeToString(envelope));
    }
}
