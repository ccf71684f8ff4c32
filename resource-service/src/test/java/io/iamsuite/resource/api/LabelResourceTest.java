package io.iamsuite.resource.api;

import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Segment's label operations and our rename, with labels used by other services' permissions, on real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class LabelResourceTest {
    private static final String SOURCE_ADMIN = "3Mf1CFsFeeMdzC2AAEIqGjRqFm0";

    @InjectInfra
    InfraInfo infra;

    private String ws;

    @BeforeEach
    void newWorkspace() {
        ws = Suite.workspace();
    }

    @Test
    void a_label_is_created_listed_and_deleted() {
        given().contentType(ContentType.JSON)
                .body("{\"label\":{\"key\":\"product\",\"value\":\"car\",\"description\":\"Cars\"}}")
                .post("/workspaces/{ws}/labels", ws)
                .then().statusCode(201)
                .body("data.label.key", equalTo("product"))
                .body("data.label.description", equalTo("Cars"));
        given().get("/workspaces/{ws}/labels", ws).then().statusCode(200)
                .body("data.labels.value", contains("dev", "prod", "car"))
                .body("data.labels[0].description", equalTo("Development"))
                .body("data.pagination", nullValue());
        given().queryParam("pagination.count", 2).get("/workspaces/{ws}/labels", ws).then().statusCode(200)
                .body("data.labels", hasSize(2)).body("data.pagination.totalEntries", equalTo(3));

        given().delete("/workspaces/{ws}/labels/{key}/{value}", ws, "product", "car").then().statusCode(200)
                .body("data.status", equalTo("SUCCESS"));
        given().delete("/workspaces/{ws}/labels/{key}/{value}", ws, "product", "car").then().statusCode(404)
                .body("errors[0].field", equalTo("label"));
        given().get("/workspaces/{ws}/labels", ws).then().body("data.labels.value", contains("dev", "prod"));

        assertThat(Suite.eventTypes(infra, ws, 5).subList(3, 5)).containsExactly("resource.label-created", "resource.label-deleted");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "existing label   | {\"label\":{\"key\":\"environment\",\"value\":\"dev\"}} | 409 | label",
            "leading digit    | {\"label\":{\"key\":\"1env\",\"value\":\"dev\"}}        | 422 | label.key",
            "underscore       | {\"label\":{\"key\":\"env\",\"value\":\"a_b\"}}         | 422 | label.value",
            "empty value      | {\"label\":{\"key\":\"env\",\"value\":\"\"}}            | 422 | label.value",
            "unicode          | {\"label\":{\"key\":\"umgebung\",\"value\":\"prüf\"}}   | 422 | label.value",
            "256 characters   | {\"label\":{\"key\":\"env\",\"value\":\"LONG\"}}        | 422 | label.value",
            "missing key      | {\"label\":{\"value\":\"dev\"}}                         | 422 | label.key",
            "missing label    | {}                                                      | 422 | label",
            "number as value  | {\"label\":{\"key\":\"env\",\"value\":1}}               | 422 | label.value",
            "unknown field    | {\"label\":{\"key\":\"env\",\"value\":\"x\",\"color\":\"red\"}} | 422 | label.color",
            "malformed JSON   | {\"label\"                                              | 400 | body",
            "truncated inside | {\"label\":{                                            | 422 | label",
    })
    void a_bad_label_is_refused_naming_the_field_and_stores_nothing(String name, String json, int status, String field)
            throws Exception {
        long events = Suite.count(infra, "SELECT count(*) FROM event_log");
        given().contentType(ContentType.JSON).body(json.replace("LONG", "v".repeat(256)))
                .post("/workspaces/{ws}/labels", ws)
                .then().statusCode(status).body("errors.field", hasItem(field));
        assertThat(Suite.count(infra, "SELECT count(*) FROM event_log")).isEqualTo(events);
    }

    @Test
    void a_label_on_a_resource_cannot_be_deleted_and_the_refusal_says_where() {
        String src = Suite.createSource(ws, "web");
        given().contentType(ContentType.JSON).body("{\"labels\":[{\"key\":\"environment\",\"value\":\"prod\"}]}")
                .post("/workspaces/{ws}/sources/{id}/labels", ws, src).then().statusCode(200);

        given().delete("/workspaces/{ws}/labels/{key}/{value}", ws, "environment", "prod").then().statusCode(409)
                .body("errors[0].field", equalTo("label"))
                .body("errors[0].message", containsString("source " + src));

        given().contentType(ContentType.JSON).body("{\"labels\":[]}").put("/workspaces/{ws}/sources/{id}/labels", ws, src)
                .then().statusCode(200);
        given().delete("/workspaces/{ws}/labels/{key}/{value}", ws, "environment", "prod").then().statusCode(200);
    }

    @Test
    void a_label_in_the_permissions_of_users_groups_and_tokens_cannot_be_deleted_until_they_end() {
        LabelRef prod = new LabelRef("environment", "prod");
        Grant onProd = new Grant(SOURCE_ADMIN, ResourceRef.workspace(ws), List.of(prod));
        Suite.publish(infra, "identity", ws, 1, new IdentityEvent.RoleGranted(Subject.user("usr_1"), onProd));
        Suite.publish(infra, "identity", ws, 2, new IdentityEvent.RoleGranted(Subject.group("grp_1"), onProd));
        Suite.publish(infra, "token", ws, 1, new TokenEvent.TokenIssued("tok_1", "ci", TokenEvent.Access.MEMBER,
                List.of(onProd), "hash", "usr_1", null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().delete("/workspaces/{ws}/labels/{key}/{value}", ws, "environment", "prod").then().statusCode(409)
                        .body("errors[0].message", allOf(containsString("user usr_1"), containsString("group grp_1"),
                                containsString("token tok_1"))));

        // a redelivered grant (position already applied) changes nothing after its revocation
        Suite.publish(infra, "identity", ws, 3, new IdentityEvent.RoleRevoked(Subject.user("usr_1"), onProd));
        Suite.publish(infra, "identity", ws, 1, new IdentityEvent.RoleGranted(Subject.user("usr_1"), onProd));
        Suite.publish(infra, "identity", ws, 4, new IdentityEvent.GroupDeleted("grp_1"));
        Suite.publish(infra, "token", ws, 2, new TokenEvent.TokenRevoked("tok_1"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().delete("/workspaces/{ws}/labels/{key}/{value}", ws, "environment", "prod").then().statusCode(200));
    }

    @Test
    void renaming_a_label_relabels_every_resource_and_grant_in_one_event() {
        String a = Suite.createSource(ws, "a");
        String b = Suite.createSource(ws, "b");
        for (String id : List.of(a, b)) {
            given().contentType(ContentType.JSON).body("{\"labels\":[{\"key\":\"environment\",\"value\":\"prod\"}]}")
                    .post("/workspaces/{ws}/sources/{id}/labels", ws, id).then().statusCode(200);
        }
        LabelRef prod = new LabelRef("environment", "prod");
        Suite.publish(infra, "identity", ws, 1, new IdentityEvent.RoleGranted(Subject.user("usr_1"),
                new Grant(SOURCE_ADMIN, ResourceRef.workspace(ws), List.of(prod))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Suite.count(infra,
                "SELECT count(*) FROM label_usages WHERE workspace_id = '" + ws + "'")).isEqualTo(1));

        given().contentType(ContentType.JSON).body("{\"to\":{\"key\":\"stage\",\"value\":\"live\"}}")
                .post("/workspaces/{ws}/labels/{key}/{value}/rename", ws, "environment", "prod")
                .then().statusCode(200)
                .body("data.label.key", equalTo("stage"))
                .body("data.label.description", equalTo("Production"));

        given().get("/workspaces/{ws}/sources", ws).then().body("data.sources.labels.flatten().value", contains("live", "live"));
        given().get("/workspaces/{ws}/labels", ws).then().body("data.labels.key", contains("environment", "stage"));
        // the grant now uses stage:live, so that label is in use and environment:prod is gone
        given().contentType(ContentType.JSON).body("{\"labels\":[]}").put("/workspaces/{ws}/sources/{id}/labels", ws, a);
        given().contentType(ContentType.JSON).body("{\"labels\":[]}").put("/workspaces/{ws}/sources/{id}/labels", ws, b);
        given().delete("/workspaces/{ws}/labels/{key}/{value}", ws, "stage", "live").then().statusCode(409)
                .body("errors[0].message", containsString("user usr_1"));

        given().contentType(ContentType.JSON).body("{\"to\":{\"key\":\"environment\",\"value\":\"dev\"}}")
                .post("/workspaces/{ws}/labels/{key}/{value}/rename", ws, "stage", "live")
                .then().statusCode(409).body("errors[0].field", equalTo("to"));
        given().contentType(ContentType.JSON).body("{\"to\":{\"key\":\"stage\",\"value\":\"9\"}}")
                .post("/workspaces/{ws}/labels/{key}/{value}/rename", ws, "stage", "live")
                .then().statusCode(422).body("errors[0].field", equalTo("to.value"));
        given().contentType(ContentType.JSON).body("{\"to\":{\"key\":\"stage\",\"value\":\"x\"}}")
                .post("/workspaces/{ws}/labels/{key}/{value}/rename", ws, "environment", "prod")
                .then().statusCode(404).body("errors[0].field", equalTo("label"));

        var events = Suite.events(infra, ws, 10);
        assertThat(events.stream().filter(e -> e.data() instanceof ResourceEvent.LabelRenamed).toList()).singleElement()
                .satisfies(e -> assertThat(e.data()).isEqualTo(new ResourceEvent.LabelRenamed(prod, new LabelRef("stage", "live"))));
    }

    @Test
    void listing_the_labels_of_an_unknown_workspace_is_a_404() {
        given().get("/workspaces/{ws}/labels", "ws_nowhere").then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
        given().contentType(ContentType.JSON).body("{\"label\":{\"key\":\"a\",\"value\":\"b\"}}")
                .post("/workspaces/{ws}/labels", "ws_nowhere").then().statusCode(404);
    }
}
