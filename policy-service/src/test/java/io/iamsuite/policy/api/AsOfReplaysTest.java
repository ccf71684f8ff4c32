package io.iamsuite.policy.api;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.iamsuite.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Replaying every workspace to a time ({@code POST /policy/v1/as-of/replays}, then {@code GET .../{replayId}})
 * against a real broker: what each workspace held at the point, events after it left out, the totals, the
 * progress, and the operator-only guard.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class AsOfReplaysTest {
    private static final String SOURCE_READ = RoleCatalogue.load().roleByName("Source Read-only").orElseThrow().id();

    @InjectInfra
    InfraInfo infra;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void every_workspace_is_counted_as_it_was_at_the_time_with_totals() {
        String a = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        String b = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        String late = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        Instant early = now.minus(3, ChronoUnit.HOURS);
        Instant after = now.minus(1, ChronoUnit.HOURS);
        ResourceRef src = new ResourceRef(ResourceType.SOURCE, "src_1");
        publish(a, EventSource.RESOURCE, 1, early, new ResourceEvent.WorkspaceCreated(a, "A", "a"));
        publish(a, EventSource.RESOURCE, 2, early, new ResourceEvent.ResourceCreated(src, "src", "src", null, List.of()));
        publish(a, EventSource.IDENTITY, 1, early, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER));
        publish(a, EventSource.IDENTITY, 2, early, new IdentityEvent.MemberAdded("bob", "bob@x.io", "Bob", MemberRole.MEMBER));
        publish(a, EventSource.IDENTITY, 3, early, new IdentityEvent.GroupCreated("g", "G"));
        publish(a, EventSource.IDENTITY, 4, early, new IdentityEvent.RoleGranted(Subject.user("bob"), Grant.on(SOURCE_READ, src)));
        publish(a, EventSource.IDENTITY, 5, after, new IdentityEvent.MemberAdded("cy", "cy@x.io", "Cy", MemberRole.MEMBER));
        publish(b, EventSource.RESOURCE, 1, early, new ResourceEvent.WorkspaceCreated(b, "B", "b"));
        publish(b, EventSource.IDENTITY, 1, early, new IdentityEvent.MemberAdded("dee", "dee@x.io", "Dee", MemberRole.OWNER));
        publish(b, EventSource.TOKEN, 1, after, new TokenEvent.TokenIssued("tok_b", "ci", TokenEvent.Access.OWNER,
                List.of(), "hash", "dee", null));
        publish(late, EventSource.RESOURCE, 1, after, new ResourceEvent.WorkspaceCreated(late, "Late", "late"));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().contentType(ContentType.JSON)
                .body("{\"workspaceId\":\"" + late + "\",\"permission\":\"workspace.read\",\"resource\":{\"type\":"
                        + "\"WORKSPACE\",\"id\":\"" + late + "\"},\"consistency\":{\"fullyConsistent\":true}}")
                .post("/policy/v1/lookup-subjects").statusCode() == 200);

        String point = now.minus(2, ChronoUnit.HOURS).toString();
        JsonPath started = replays("{\"asOf\":{\"time\":\"" + point + "\"}}").statusCode(202)
                .header("Location", containsString("/policy/v1/as-of/replays/rpl_"))
                .body("data.state", equalTo("RUNNING")).body("data.asOf", equalTo(point))
                .body("data.id", startsWith("rpl_")).extract().jsonPath();
        String id = started.getString("data.id");

        JsonPath done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/policy/v1/as-of/replays/" + id).then().statusCode(200).extract().jsonPath(),
                        status -> !status.getString("data.state").equals("RUNNING"));
        assertThat(done.getString("data.state")).as(done.prettify()).isEqualTo("DONE");
        assertThat(done.getLong("data.recordsRead")).isPositive().isEqualTo(done.getLong("data.recordsTotal"));
        assertThat(done.getLong("data.eventsApplied")).isPositive();
        assertThat(done.getString("data.finishedAt")).isNotBlank();

        List<Map<String, Object>> workspaces = done.getList("data.result.workspaces");
        assertThat(workspaces).extracting(w -> w.get("workspaceId")).contains(a, b).doesNotContain(late);
        assertThat(workspace(workspaces, a)).containsEntry("members", 2).containsEntry("owners", 1)
                .containsEntry("groups", 1).containsEntry("grants", 1).containsEntry("resources", 1)
                .containsEntry("tokens", 0).containsEntry("positions", Map.of("identity", 4, "resource", 2, "token", 0));
        assertThat(workspace(workspaces, b)).containsEntry("members", 1).containsEntry("owners", 1)
                .containsEntry("tokens", 0);
        assertThat(done.getLong("data.result.totals.workspaces")).isEqualTo(workspaces.size());
        assertThat(done.getLong("data.result.totals.members"))
                .isEqualTo(workspaces.stream().mapToLong(w -> ((Number) w.get("members")).longValue()).sum());

        // the same settled time again: the finished replay answers at once
        replays("{\"asOf\":{\"time\":\"" + point + "\"}}").statusCode(200)
                .body("data.id", equalTo(id)).body("data.state", equalTo("DONE"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing asOf   | {}                                           | asOf",
            "neither        | {\"asOf\":{}}                                | asOf",
            "future time    | {\"asOf\":{\"time\":\"2999-01-01T00:00:00Z\"}} | asOf.time",
            "malformed time | {\"asOf\":{\"time\":\"yesterday\"}}           | asOf.time",
            "positions      | {\"asOf\":{\"positions\":{\"identity\":3}}}  | asOf.positions",
    })
    void a_bad_point_answers_422_naming_the_field(String name, String body, String field) {
        replays(body).statusCode(422).body("errors.field", hasItem(field));
    }

    @Test
    void an_unknown_replay_is_404_and_tokens_are_refused() {
        given().get("/policy/v1/as-of/replays/rpl_nope").then().statusCode(404)
                .body("errors[0].field", equalTo("replayId"));
        String workspace = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        String owner = TestTokens.issue(infra, workspace, TokenEvent.Access.OWNER, List.of(), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", "Bearer " + owner)
                .get("/policy/v1/as-of/replays/rpl_nope").statusCode() != 401);
        given().header("Authorization", "Bearer " + owner).contentType(ContentType.JSON)
                .body("{\"asOf\":{\"time\":\"" + now.minus(1, ChronoUnit.DAYS) + "\"}}")
                .post("/policy/v1/as-of/replays").then().statusCode(403);
        given().header("Authorization", "Bearer " + owner).get("/policy/v1/as-of/replays/rpl_nope").then().statusCode(403);
    }

    private static Map<String, Object> workspace(List<Map<String, Object>> workspaces, String id) {
        return workspaces.stream().filter(w -> id.equals(w.get("workspaceId"))).findFirst().orElseThrow();
    }

    private static ValidatableResponse replays(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/policy/v1/as-of/replays").then();
    }

    private void publish(String workspace, EventSource source, long position, Instant occurredAt, DomainEvent event) {
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(), EventTypes.currentVersion(event.getClass()),
                workspace, "stream", position, position, occurredAt, Actor.system(), "test", event);
        infra.send(infra.eventsTopic(source.id()), workspace, EventCodec.standard().encodeToString(envelope));
    }
}
