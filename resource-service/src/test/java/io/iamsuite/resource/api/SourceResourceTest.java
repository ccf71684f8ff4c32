package io.iamsuite.resource.api;

import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
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

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Segment's source operations over HTTP against real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class SourceResourceTest {
    @InjectInfra
    InfraInfo infra;

    private String ws;

    @BeforeEach
    void newWorkspace() {
        ws = Suite.workspace();
    }

    @Test
    void a_source_is_created_read_updated_listed_and_deleted_with_one_event_each() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"slug\":\"web\",\"enabled\":true,\"metadataId\":\"IqDTy1TpoU\",\"settings\":{\"a\":1}}")
                .post("/workspaces/{ws}/sources", ws)
                .then().statusCode(201)
                .header("X-Consistency-Token", startsWith("ct1."))
                .body("data.source.id", startsWith("src_"))
                .body("data.source.slug", equalTo("web"))
                .body("data.source.name", equalTo("web"))
                .body("data.source.workspaceId", equalTo(ws))
                .body("data.source.labels", empty())
                .body("data.consistencyToken", startsWith("ct1."))
                .extract().path("data.source.id");

        given().get("/workspaces/{ws}/sources/{id}", ws, id).then().statusCode(200)
                .body("data.source.slug", equalTo("web"))
                .body("data.trackingPlanId", nullValue());

        given().contentType(ContentType.JSON).body("{\"name\":\"Website\",\"enabled\":false}")
                .patch("/workspaces/{ws}/sources/{id}", ws, id)
                .then().statusCode(200).body("data.source.name", equalTo("Website")).body("data.source.slug", equalTo("web"));
        given().contentType("application/vnd.segment.v1+json").body("{\"slug\":\"website\"}")
                .patch("/workspaces/{ws}/sources/{id}", ws, id)
                .then().statusCode(200).body("data.source.slug", equalTo("website"));

        given().get("/workspaces/{ws}/sources", ws).then().statusCode(200)
                .body("data.sources.id", contains(id))
                .body("data.pagination.totalEntries", equalTo(1));

        given().delete("/workspaces/{ws}/sources/{id}", ws, id).then().statusCode(200).body("data.status", equalTo("SUCCESS"));
        given().get("/workspaces/{ws}/sources/{id}", ws, id).then().statusCode(404).body("errors[0].field", equalTo("sourceId"));
        given().delete("/workspaces/{ws}/sources/{id}", ws, id).then().statusCode(404).body("errors[0].field", equalTo("sourceId"));

        List<EventEnvelope> events = Suite.events(infra, ws, 7);
        assertThat(events).extracting(EventEnvelope::eventType).containsExactly("resource.workspace-created",
                "resource.label-created", "resource.label-created", "resource.resource-created",
                "resource.resource-updated", "resource.resource-updated", "resource.resource-deleted");
        assertThat(events.get(3).streamId()).isEqualTo("resource:" + ws + ":" + id);
        assertThat(events.get(5).data()).isEqualTo(new ResourceEvent.ResourceUpdated(
                new io.iamsuite.events.ResourceRef(io.iamsuite.events.ResourceType.SOURCE, id), "Website", "website"));
        assertThat(events).allSatisfy(e -> assertThat(e.requestId()).isNotBlank());
    }

    @Test
    void the_request_id_travels_onto_the_events() {
        given().contentType(ContentType.JSON).header("X-Request-Id", "req-src-1").body("{\"slug\":\"web\"}")
                .post("/workspaces/{ws}/sources", ws).then().statusCode(201).header("X-Request-Id", equalTo("req-src-1"));
        EventEnvelope created = Suite.events(infra, ws, 4).get(3);
        assertThat(created.requestId()).isEqualTo("req-src-1");
        assertThat(created.actor().type()).isEqualTo(io.iamsuite.events.Actor.Type.SYSTEM);
    }

    @Test
    void sources_are_listed_in_creation_order_page_by_page_in_both_spellings() {
        String a = Suite.createSource(ws, "a");
        String b = Suite.createSource(ws, "b");
        String c = Suite.createSource(ws, "c");

        var first = given().queryParam("pagination.count", 2).get("/workspaces/{ws}/sources", ws).then().statusCode(200)
                .body("data.sources.id", contains(a, b))
                .body("data.pagination.totalEntries", equalTo(3))
                .body("data.pagination.previous", nullValue())
                .extract();
        String next = first.path("data.pagination.next");
        given().queryParam("pagination[count]", 2).queryParam("pagination[cursor]", next)
                .get("/workspaces/{ws}/sources", ws).then().statusCode(200)
                .body("data.sources.id", contains(c))
                .body("data.pagination.next", nullValue());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"pagination.count, 0", "pagination.count, 1001", "pagination.count, ten", "pagination[count], -1",
            "pagination.cursor, not-a-cursor", "pagination.cursor, Z3JvdXBzQHdzXzE6MA"})
    void bad_pagination_is_a_422_naming_the_parameter(String name, String value) {
        given().queryParam(name, value).get("/workspaces/{ws}/sources", ws).then().statusCode(422)
                .body("errors[0].field", startsWith(name.contains("count") ? "pagination.count" : "pagination.cursor"));
    }

    @Test
    void labels_are_added_and_replaced_with_one_value_per_key() {
        Suite.createLabel(ws, "product", "car");
        String id = Suite.createSource(ws, "web");

        given().contentType(ContentType.JSON)
                .body("{\"labels\":[{\"key\":\"environment\",\"value\":\"dev\"},{\"key\":\"product\",\"value\":\"car\"}]}")
                .post("/workspaces/{ws}/sources/{id}/labels", ws, id)
                .then().statusCode(200)
                .body("data.labels.key", contains("environment", "product"))
                .body("data.labels[0].description", equalTo("Development"));
        // environment:prod replaces environment:dev
        given().contentType(ContentType.JSON).body("{\"labels\":[{\"key\":\"environment\",\"value\":\"prod\"}]}")
                .post("/workspaces/{ws}/sources/{id}/labels", ws, id)
                .then().statusCode(200)
                .body("data.labels.value", contains("prod", "car"));
        given().contentType(ContentType.JSON).body("{\"labels\":[{\"key\":\"environment\",\"value\":\"dev\"}]}")
                .put("/workspaces/{ws}/sources/{id}/labels", ws, id)
                .then().statusCode(200)
                .body("data.labels.value", contains("dev"));
        given().get("/workspaces/{ws}/sources/{id}", ws, id).then().body("data.source.labels.value", contains("dev"));

        var events = Suite.events(infra, ws, 12);
        assertThat(events.subList(3, events.size())).extracting(e -> (Object) e.data()).containsExactly(
                new ResourceEvent.LabelCreated(new LabelRef("product", "car"), null),
                new ResourceEvent.ResourceCreated(source(id), "web", "web", null, List.of()),
                new ResourceEvent.LabelAssigned(source(id), new LabelRef("environment", "dev")),
                new ResourceEvent.LabelAssigned(source(id), new LabelRef("product", "car")),
                new ResourceEvent.LabelUnassigned(source(id), new LabelRef("environment", "dev")),
                new ResourceEvent.LabelAssigned(source(id), new LabelRef("environment", "prod")),
                new ResourceEvent.LabelUnassigned(source(id), new LabelRef("product", "car")),
                new ResourceEvent.LabelUnassigned(source(id), new LabelRef("environment", "prod")),
                new ResourceEvent.LabelAssigned(source(id), new LabelRef("environment", "dev")));
    }

    @Test
    void a_label_refusal_stores_nothing() throws Exception {
        String id = Suite.createSource(ws, "web");
        given().contentType(ContentType.JSON).body("{\"labels\":[{\"key\":\"environment\",\"value\":\"dev\"}]}")
                .post("/workspaces/{ws}/sources/{id}/labels", ws, id).then().statusCode(200);
        long events = Suite.count(infra, "SELECT count(*) FROM event_log");

        given().contentType(ContentType.JSON)
                .body("{\"labels\":[{\"key\":\"environment\",\"value\":\"prod\"},{\"key\":\"team\",\"value\":\"x\"}]}")
                .put("/workspaces/{ws}/sources/{id}/labels", ws, id)
                .then().statusCode(404).body("errors[0].field", equalTo("labels"));
        given().contentType(ContentType.JSON)
                .body("{\"labels\":[{\"key\":\"environment\",\"value\":\"prod\"},{\"key\":\"environment\",\"value\":\"dev\"}]}")
                .post("/workspaces/{ws}/sources/{id}/labels", ws, id)
                .then().statusCode(422).body("errors[0].field", equalTo("labels"));
        given().contentType(ContentType.JSON).body("{\"labels\":[{\"key\":\"environment\"}]}")
                .post("/workspaces/{ws}/sources/{id}/labels", ws, id)
                .then().statusCode(422).body("errors[0].field", equalTo("labels[0].value"));
        given().contentType(ContentType.JSON).body("{\"labels\":[{\"key\":\"environment\",\"value\":\"prod\"}]}")
                .post("/workspaces/{ws}/sources/{id}/labels", ws, "src_nope")
                .then().statusCode(404).body("errors[0].field", equalTo("sourceId"));

        assertThat(Suite.count(infra, "SELECT count(*) FROM event_log")).isEqualTo(events);
        given().get("/workspaces/{ws}/sources/{id}", ws, id).then().body("data.source.labels.value", contains("dev"));
    }

    @Test
    void deleting_a_source_deletes_its_destinations_and_connections() {
        String src = Suite.createSource(ws, "web");
        String dst = given().contentType(ContentType.JSON).body("{\"sourceId\":\"" + src + "\",\"metadataId\":\"webhook\",\"settings\":{}}")
                .post("/workspaces/{ws}/destinations", ws).then().statusCode(200).extract().path("data.destination.id");
        String wh = given().contentType(ContentType.JSON).body("{\"metadataId\":\"snowflake\",\"settings\":{}}")
                .post("/workspaces/{ws}/warehouses", ws).then().statusCode(201).extract().path("data.warehouse.id");
        given().contentType(ContentType.JSON).post("/workspaces/{ws}/warehouses/{wh}/connected-sources/{src}", ws, wh, src)
                .then().statusCode(201).body("data.status", equalTo("CONNECTED"));
        given().get("/workspaces/{ws}/sources/{id}/connected-destinations", ws, src).then().statusCode(200)
                .body("data.destinations.id", contains(dst)).body("data.destinations[0].sourceId", equalTo(src));
        given().get("/workspaces/{ws}/sources/{id}/connected-warehouses", ws, src).then().statusCode(200)
                .body("data.warehouses.id", contains(wh));

        given().delete("/workspaces/{ws}/sources/{id}", ws, src).then().statusCode(200);

        given().get("/workspaces/{ws}/destinations/{id}", ws, dst).then().statusCode(404);
        given().get("/workspaces/{ws}/warehouses/{id}/connected-sources", ws, wh).then().statusCode(200)
                .body("data.sources", empty());
        given().get("/workspaces/{ws}/sources/{id}/connected-destinations", ws, src).then().statusCode(404)
                .body("errors[0].field", equalTo("sourceId"));
        assertThat(Suite.eventTypes(infra, ws, 9).subList(3, 9)).containsExactly("resource.resource-created",
                "resource.resource-created", "resource.resource-created", "resource.resources-connected",
                "resource.resource-deleted", "resource.resource-deleted");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing slug        | {\"enabled\":true}                              | 422 | slug",
            "upper-case slug     | {\"slug\":\"Web\"}                               | 422 | slug",
            "blank name          | {\"slug\":\"web\",\"name\":\"  \"}                | 422 | name",
            "long name           | {\"slug\":\"web\",\"name\":\"LONG\"}              | 422 | name",
            "number as slug      | {\"slug\":5}                                     | 422 | slug",
            "text as enabled     | {\"slug\":\"web\",\"enabled\":\"yes\"}           | 422 | enabled",
            "unknown field       | {\"slug\":\"web\",\"writeKey\":\"x\"}            | 422 | writeKey",
            "array body          | [1]                                              | 400 | body",
            "malformed JSON      | {\"slug\":                                       | 400 | body",
    })
    void bad_input_answers_a_4xx_naming_the_field_and_stores_nothing(String name, String json, int status, String field)
            throws Exception {
        long events = Suite.count(infra, "SELECT count(*) FROM event_log");
        given().contentType(ContentType.JSON).body(json.replace("LONG", "n".repeat(256)))
                .post("/workspaces/{ws}/sources", ws)
                .then().statusCode(status).body("errors.field", hasItem(field));
        assertThat(Suite.count(infra, "SELECT count(*) FROM event_log")).isEqualTo(events);
    }

    @Test
    void other_refusals_name_their_field() {
        Suite.createSource(ws, "web");
        given().contentType(ContentType.JSON).body("{\"slug\":\"web\"}").post("/workspaces/{ws}/sources", ws)
                .then().statusCode(409).body("errors[0].field", equalTo("slug")).body("errors[0].type", equalTo("conflict"));
        given().contentType(ContentType.JSON).body("{\"slug\":\"web\"}").post("/workspaces/{ws}/sources", "ws_nowhere")
                .then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
        given().get("/workspaces/{ws}/sources", "ws_nowhere").then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
        given().contentType(ContentType.TEXT).body("slug=web").post("/workspaces/{ws}/sources", ws)
                .then().statusCode(415).body("errors[0].field", equalTo("Content-Type"));
        given().contentType(ContentType.JSON).body("{\"slug\":\"" + "x".repeat(300_000) + "\"}")
                .post("/workspaces/{ws}/sources", ws).then().statusCode(413).body("errors[0].field", equalTo("body"));
        given().contentType(ContentType.JSON).post("/workspaces/{ws}/sources", ws)
                .then().statusCode(422).body("errors[0].field", equalTo("body"));
        given().contentType(ContentType.JSON).body("{}").patch("/workspaces/{ws}/sources/{id}", ws, "src_nope")
                .then().statusCode(404).body("errors[0].field", equalTo("sourceId"));
    }

    private static io.iamsuite.events.ResourceRef source(String id) {
        return new io.iamsuite.events.ResourceRef(io.iamsuite.events.ResourceType.SOURCE, id);
    }
}
