package io.iamsuite.policy.api;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Actor;
import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
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
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * batch-check, explain, lookup-resources and lookup-subjects over HTTP against a projection fed from a real Kafka
 * broker: Segment's label example (sources A {env:prod, product:car}, B {env:prod, product:truck},
 * C {env:dev, product:car}), a group, a destination and a member token.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class PolicyQueriesTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final String SOURCE_ADMIN = CATALOGUE.roleByName("Source Admin").orElseThrow().id();
    private static final String SOURCE_READ = CATALOGUE.roleByName("Source Read-only").orElseThrow().id();

    @InjectInfra
    InfraInfo infra;

    private String workspace;
    private final Map<EventSource, Long> positions = new EnumMap<>(EventSource.class);
    private final List<String> writes = new ArrayList<>();

    @BeforeEach
    void segmentsLabelExample() {
        workspace = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        positions.clear();
        writes.clear();
        publish(new ResourceEvent.WorkspaceCreated(workspace, "Acme", "acme"));
        publish(new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER));
        publish(new IdentityEvent.MemberAdded("bob", "bob@x.io", "Bob", MemberRole.MEMBER));
        publish(new IdentityEvent.MemberAdded("cy", "cy@x.io", "Cy", MemberRole.MEMBER));
        source("A", "env:prod", "product:car");
        source("B", "env:prod", "product:truck");
        source("C", "env:dev", "product:car");
        publish(new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.DESTINATION, "DB"), "DB", "db", "B", List.of()));
        publish(new IdentityEvent.GroupCreated("trucks", "Trucks"));
        publish(new IdentityEvent.GroupMemberAdded("trucks", "bob"));
        publish(new IdentityEvent.RoleGranted(Subject.group("trucks"), new Grant(SOURCE_ADMIN, ResourceRef.workspace(workspace),
                List.of(new LabelRef("env", "prod"), new LabelRef("product", "truck")))));
        publish(new IdentityEvent.RoleGranted(Subject.user("cy"), new Grant(SOURCE_READ, ResourceRef.workspace(workspace),
                List.of(new LabelRef("product", "car")))));
        publish(new TokenEvent.TokenIssued("tok_ci", "ci", TokenEvent.Access.MEMBER,
                List.of(Grant.on(SOURCE_READ, new ResourceRef(ResourceType.SOURCE, "C"))), "hash", "ada", null));
    }

    @Test
    void batch_check_answers_every_check_in_order() {
        post("/policy/v1/batch-check", "{\"workspaceId\":\"" + workspace + "\",\"consistency\":" + fresh() + ",\"checks\":["
                + item("USER", "bob", "source.update", "SOURCE", "B") + ","
                + item("USER", "bob", "source.update", "SOURCE", "A") + ","
                + item("USER", "cy", "source.read", "SOURCE", "C") + ","
                + item("USER", "bob", "destination.update", "DESTINATION", "DB") + ","
                + item("TOKEN", "tok_ci", "source.read", "SOURCE", "C") + ","
                + item("TOKEN", "tok_ci", "source.read", "SOURCE", "A") + ","
                + item("USER", "ada", "workspace.access.update", "WORKSPACE", workspace) + "]}")
                .statusCode(200)
                .body("data.results.allowed", contains(true, false, true, true, true, false, true));
    }

    @Test
    void explain_names_the_group_and_labels_that_allow_and_the_closest_misses_of_a_deny() {
        post("/policy/v1/explain", check("bob", "source.update", "SOURCE", "B"))
                .statusCode(200)
                .body("data.allowed", equalTo(true))
                .body("data.reason", equalTo("grant"))
                .body("data.paths[0].holder.type", equalTo("GROUP"))
                .body("data.paths[0].holder.id", equalTo("trucks"))
                .body("data.paths[0].grant.roleName", equalTo("Source Admin"))
                .body("data.paths[0].scope", equalTo("LABELS"))
                .body("data.paths[0].text", equalTo("group trucks: Source Admin on labels env:prod, product:truck"));
        post("/policy/v1/explain", check("bob", "source.update", "SOURCE", "A"))
                .statusCode(200)
                .body("data.allowed", equalTo(false))
                .body("data.reason", equalTo("no-grant-reaches"))
                .body("data.misses[0].why", equalTo("missing-labels"))
                .body("data.misses[0].missingLabels[0].key", equalTo("product"))
                .body("data.misses[0].missingLabels[0].value", equalTo("truck"));
        post("/policy/v1/explain", check("bob", "destination.update", "DESTINATION", "DB"))
                .statusCode(200).body("data.paths[0].inheritedVia", equalTo("parentSource"));
        post("/policy/v1/explain", check("ada", "source.delete", "SOURCE", "C"))
                .statusCode(200).body("data.reason", equalTo("owner"));
    }

    @Test
    void lookup_resources_pages_through_everything_and_nothing_else() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = post("/policy/v1/lookup-resources", lookup("cy", "source.read", "SOURCE", cursor, 1))
                    .statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("data.resources.id", String.class));
            cursor = page.getString("data.next");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).containsExactly("A", "C");

        post("/policy/v1/lookup-resources", lookup("ada", "source.delete", "SOURCE", null, null))
                .statusCode(200).body("data.resources.id", contains("A", "B", "C")).body("data.next", nullValue());
        post("/policy/v1/lookup-resources", lookup("bob", "destination.update", "DESTINATION", null, null))
                .statusCode(200).body("data.resources.id", contains("DB"));
    }

    @Test
    void a_cursor_belongs_to_its_own_lookup() {
        String next = post("/policy/v1/lookup-resources", lookup("ada", "source.read", "SOURCE", null, 1))
                .statusCode(200).extract().path("data.next");
        post("/policy/v1/lookup-resources", lookup("cy", "source.read", "SOURCE", next, 1))
                .statusCode(422).body("errors[0].field", equalTo("cursor"));
        post("/policy/v1/lookup-resources", lookup("ada", "source.read", "SOURCE", "%%%", 1))
                .statusCode(422).body("errors[0].field", equalTo("cursor"));
        post("/policy/v1/lookup-resources", lookup("ada", "source.read", "SOURCE", next, 1))
                .statusCode(200).body("data.resources.id", contains("B"));
    }

    @Test
    void lookup_subjects_expands_groups_and_names_tokens() {
        post("/policy/v1/lookup-subjects", "{\"workspaceId\":\"" + workspace + "\",\"consistency\":" + fresh()
                + ",\"permission\":\"source.read\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"C\"}}")
                .statusCode(200)
                .body("data.subjects.collect { it.type + ':' + it.id }", containsInAnyOrder("USER:ada", "USER:cy", "TOKEN:tok_ci"));
        post("/policy/v1/lookup-subjects", "{\"workspaceId\":\"" + workspace
                + "\",\"permission\":\"source.update\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"B\"}}")
                .statusCode(200)
                .body("data.subjects.collect { it.type + ':' + it.id }", containsInAnyOrder("USER:ada", "USER:bob"));
    }

    @Test
    void an_unknown_workspace_answers_404_on_every_read() {
        String other = "ws_never_seen";
        post("/policy/v1/batch-check", "{\"workspaceId\":\"" + other + "\",\"checks\":[" + item("USER", "ada", "source.read", "SOURCE", "A") + "]}")
                .statusCode(404).body("errors[0].field", equalTo("workspaceId"));
        post("/policy/v1/explain", "{\"workspaceId\":\"" + other + "\",\"subject\":{\"type\":\"USER\",\"id\":\"ada\"},"
                + "\"permission\":\"source.read\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"A\"}}")
                .statusCode(404).body("errors[0].field", equalTo("workspaceId"));
        post("/policy/v1/lookup-resources", "{\"workspaceId\":\"" + other + "\",\"subject\":{\"type\":\"USER\",\"id\":\"ada\"},"
                + "\"permission\":\"source.read\",\"resourceType\":\"SOURCE\"}")
                .statusCode(404).body("errors[0].field", equalTo("workspaceId"));
        post("/policy/v1/lookup-subjects", "{\"workspaceId\":\"" + other
                + "\",\"permission\":\"source.read\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"A\"}}")
                .statusCode(404).body("errors[0].field", equalTo("workspaceId"));
    }

    @Test
    void a_token_of_another_workspace_is_answered_as_an_unknown_workspace() {
        String strangers = TestTokens.issue(infra, "ws_elsewhere", TokenEvent.Access.OWNER, List.of(), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", "Bearer " + strangers)
                .contentType(ContentType.JSON).body(lookup("ada", "source.read", "SOURCE", null, null))
                .post("/policy/v1/lookup-resources").statusCode() != 401);
        for (String path : List.of("/policy/v1/lookup-resources", "/policy/v1/explain", "/policy/v1/batch-check")) {
            String body = path.endsWith("lookup-resources") ? lookup("ada", "source.read", "SOURCE", null, null)
                    : path.endsWith("explain") ? check("ada", "source.read", "SOURCE", "A")
                    : "{\"workspaceId\":\"" + workspace + "\",\"checks\":[" + item("USER", "ada", "source.read", "SOURCE", "A") + "]}";
            given().header("Authorization", "Bearer " + strangers).contentType(ContentType.JSON).body(body)
                    .post(path).then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
        }
    }

    @Test
    void a_batch_over_the_limit_is_refused_naming_checks() {
        StringBuilder checks = new StringBuilder();
        for (int i = 0; i <= BatchCheckBody.MAX_CHECKS; i++) {
            checks.append(i == 0 ? "" : ",").append(item("USER", "ada", "source.read", "SOURCE", "A"));
        }
        post("/policy/v1/batch-check", "{\"workspaceId\":\"" + workspace + "\",\"checks\":[" + checks + "]}")
                .statusCode(422).body("errors.field", hasItem("checks"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "check: unknown action | /policy/v1/check | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.fly\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}} | permission",
            "explain: unknown action | /policy/v1/explain | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.fly\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}} | permission",
            "explain: unknown type | /policy/v1/explain | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.read\",\"resource\":{\"type\":\"TOASTER\",\"id\":\"s\"}} | resource.type",
            "batch: empty | /policy/v1/batch-check | {\"workspaceId\":\"w\",\"checks\":[]} | checks",
            "batch: unknown action | /policy/v1/batch-check | {\"workspaceId\":\"w\",\"checks\":[{\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.fly\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}}]} | checks[0].permission",
            "batch: group subject | /policy/v1/batch-check | {\"workspaceId\":\"w\",\"checks\":[{\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.read\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}},{\"subject\":{\"type\":\"GROUP\",\"id\":\"g\"},\"permission\":\"source.read\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}}]} | checks[1].subject.type",
            "batch: missing resource id | /policy/v1/batch-check | {\"workspaceId\":\"w\",\"checks\":[{\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.read\",\"resource\":{\"type\":\"SOURCE\"}}]} | checks[0].resource.id",
            "batch: malformed token | /policy/v1/batch-check | {\"workspaceId\":\"w\",\"checks\":[{\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.read\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}}],\"consistency\":{\"atLeastAsFresh\":[\"garbage\"]}} | consistency.atLeastAsFresh[0]",
            "resources: unknown type | /policy/v1/lookup-resources | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.read\",\"resourceType\":\"TOASTER\"} | resourceType",
            "resources: action of another type | /policy/v1/lookup-resources | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.read\",\"resourceType\":\"SPACE\"} | resourceType",
            "resources: limit 0 | /policy/v1/lookup-resources | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.read\",\"resourceType\":\"SOURCE\",\"limit\":0} | limit",
            "resources: limit 1001 | /policy/v1/lookup-resources | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.read\",\"resourceType\":\"SOURCE\",\"limit\":1001} | limit",
            "resources: bad cursor | /policy/v1/lookup-resources | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.read\",\"resourceType\":\"SOURCE\",\"cursor\":\"bm9wZQ\"} | cursor",
            "resources: group subject | /policy/v1/lookup-resources | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"GROUP\",\"id\":\"g\"},\"permission\":\"source.read\",\"resourceType\":\"SOURCE\"} | subject.type",
            "resources: two modes | /policy/v1/lookup-resources | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.read\",\"resourceType\":\"SOURCE\",\"consistency\":{\"fullyConsistent\":true,\"minimizeLatency\":true}} | consistency",
            "subjects: unknown action | /policy/v1/lookup-subjects | {\"workspaceId\":\"w\",\"permission\":\"source.fly\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}} | permission",
            "subjects: missing resource | /policy/v1/lookup-subjects | {\"workspaceId\":\"w\",\"permission\":\"source.read\"} | resource",
    })
    void bad_input_answers_422_naming_the_field(String name, String path, String json, String field) {
        post(path, json).statusCode(422).body("errors.field", hasItem(field));
    }

    // ---- helpers ----

    private ValidatableResponse post(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).post(path).then();
    }

    /** The consistency clause that waits for every write of the test so far. */
    private String fresh() {
        List<String> quoted = writes.stream().map(w -> "\"" + w + "\"").toList();
        return "{\"atLeastAsFresh\":" + quoted + "}";
    }

    private String check(String user, String permission, String type, String id) {
        return "{\"workspaceId\":\"" + workspace + "\",\"consistency\":" + fresh() + ",\"subject\":{\"type\":\"USER\",\"id\":\"" + user
                + "\"},\"permission\":\"" + permission + "\",\"resource\":{\"type\":\"" + type + "\",\"id\":\"" + id + "\"}}";
    }

    private String lookup(String user, String permission, String type, String cursor, Integer limit) {
        return "{\"workspaceId\":\"" + workspace + "\",\"consistency\":" + fresh() + ",\"subject\":{\"type\":\"USER\",\"id\":\""
                + user + "\"},\"permission\":\"" + permission + "\",\"resourceType\":\"" + type + "\""
                + (cursor == null ? "" : ",\"cursor\":\"" + cursor + "\"") + (limit == null ? "" : ",\"limit\":" + limit) + "}";
    }

    private static String item(String type, String id, String permission, String resourceType, String resourceId) {
        return "{\"subject\":{\"type\":\"" + type + "\",\"id\":\"" + id + "\"},\"permission\":\"" + permission
                + "\",\"resource\":{\"type\":\"" + resourceType + "\",\"id\":\"" + resourceId + "\"}}";
    }

    private void source(String id, String... labels) {
        ResourceRef ref = new ResourceRef(ResourceType.SOURCE, id);
        publish(new ResourceEvent.ResourceCreated(ref, id, id.toLowerCase(), null, List.of()));
        for (String label : labels) {
            String[] kv = label.split(":");
            publish(new ResourceEvent.LabelAssigned(ref, new LabelRef(kv[0], kv[1])));
        }
    }

    /** Publishes as a relay would and remembers the consistency token of that write. */
    private void publish(DomainEvent event) {
        long position = positions.merge(event.source(), 1L, Long::sum);
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(), EventTypes.currentVersion(event.getClass()),
                workspace, "stream", position, position, Instant.now(), Actor.system(), "test", event);
        infra.send(infra.eventsTopic(event.source().id()), workspace, EventCodec.standard().encodeToString(envelope));
        writes.removeIf(w -> ConsistencyToken.decode(w).positions().containsKey(event.source()));
        writes.add(ConsistencyToken.of(workspace, event.source(), position).encode());
    }
}
