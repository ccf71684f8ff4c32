package io.iamsuite.resource.api;

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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Destinations, warehouses, spaces, tracking plans, functions, and labels on every type, over HTTP. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class OtherResourcesTest {
    @InjectInfra
    InfraInfo infra;

    private String ws;

    @BeforeEach
    void newWorkspace() {
        ws = Suite.workspace();
    }

    /** path, create body, key in data, create status, id prefix, patch body, name field */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "warehouses     | {\"metadataId\":\"snowflake\",\"name\":\"Snow\",\"enabled\":true,\"settings\":{}} | warehouse    | 201 | wh_  | {\"name\":\"Ice\",\"settings\":{}} | name",
            "spaces         | {\"name\":\"Snow\"}                                                          | space        | 201 | spc_ | {\"name\":\"Ice\"}                | name",
            "tracking-plans | {\"name\":\"Snow\",\"type\":\"LIVE\",\"description\":\"d\"}                  | trackingPlan | 200 | tp_  | {\"name\":\"Ice\"}                | name",
            "functions      | {\"displayName\":\"Snow\",\"code\":\"x\",\"resourceType\":\"SOURCE\"}      | function     | 200 | fn_  | {\"displayName\":\"Ice\"}         | displayName",
    })
    void each_type_is_created_read_updated_listed_and_deleted(String path, String create, String key, int status,
                                                              String prefix, String patch, String nameField) {
        String id = given().contentType(ContentType.JSON).body(create).post("/workspaces/{ws}/" + path, ws)
                .then().statusCode(status)
                .body("data." + key + ".id", startsWith(prefix))
                .body("data." + key + "." + nameField, equalTo("Snow"))
                .body("data." + key + ".slug", equalTo("snow"))
                .extract().path("data." + key + ".id");
        given().get("/workspaces/{ws}/" + path + "/{id}", ws, id).then().statusCode(200)
                .body("data." + key + "." + nameField, equalTo("Snow"));
        given().contentType(ContentType.JSON).body(patch).patch("/workspaces/{ws}/" + path + "/{id}", ws, id)
                .then().statusCode(200).body("data." + key + "." + nameField, equalTo("Ice"));
        given().get("/workspaces/{ws}/" + path, ws).then().statusCode(200)
                .body("data." + (key.equals("trackingPlan") ? "trackingPlans" : key + "s") + ".id", contains(id))
                .body("data.pagination.totalEntries", equalTo(1));
        given().delete("/workspaces/{ws}/" + path + "/{id}", ws, id).then().statusCode(200).body("data.status", equalTo("SUCCESS"));
        given().get("/workspaces/{ws}/" + path + "/{id}", ws, id).then().statusCode(404)
                .body("errors[0].field", equalTo(key + "Id"));

        assertThat(Suite.eventTypes(infra, ws, 6).subList(3, 6)).containsExactly("resource.resource-created",
                "resource.resource-updated", "resource.resource-deleted");
    }

    @Test
    void a_destination_belongs_to_an_existing_source() {
        String src = Suite.createSource(ws, "web");
        given().contentType(ContentType.JSON).body("{\"sourceId\":\"" + src + "\",\"metadataId\":\"webhook\",\"name\":\"Hook\",\"settings\":{}}")
                .post("/workspaces/{ws}/destinations", ws).then().statusCode(200)
                .body("data.destination.sourceId", equalTo(src))
                .body("data.destination.name", equalTo("Hook"))
                .body("data.destination.workspaceId", nullValue());
        given().contentType(ContentType.JSON).body("{\"sourceId\":\"src_nope\",\"metadataId\":\"webhook\"}")
                .post("/workspaces/{ws}/destinations", ws).then().statusCode(404).body("errors[0].field", equalTo("sourceId"));
        given().contentType(ContentType.JSON).body("{\"metadataId\":\"webhook\"}")
                .post("/workspaces/{ws}/destinations", ws).then().statusCode(422).body("errors[0].field", equalTo("sourceId"));
        given().get("/workspaces/{ws}/destinations", ws).then().body("data.destinations.sourceId", contains(src));
    }

    @Test
    void a_source_is_connected_to_warehouses_and_to_one_tracking_plan() {
        String src = Suite.createSource(ws, "web");
        String wh = given().contentType(ContentType.JSON).body("{\"metadataId\":\"bq\",\"settings\":{}}")
                .post("/workspaces/{ws}/warehouses", ws).then().statusCode(201).extract().path("data.warehouse.id");
        String tp = given().contentType(ContentType.JSON).body("{\"name\":\"Plan\",\"type\":\"LIVE\"}")
                .post("/workspaces/{ws}/tracking-plans", ws).then().statusCode(200).extract().path("data.trackingPlan.id");
        String tp2 = given().contentType(ContentType.JSON).body("{\"name\":\"Plan 2\",\"type\":\"LIVE\"}")
                .post("/workspaces/{ws}/tracking-plans", ws).then().statusCode(200)
                .body("data.trackingPlan.slug", equalTo("plan-2")).extract().path("data.trackingPlan.id");

        given().contentType(ContentType.JSON).post("/workspaces/{ws}/warehouses/{wh}/connected-sources/{src}", ws, wh, src)
                .then().statusCode(201).body("data.status", equalTo("CONNECTED"));
        given().contentType(ContentType.JSON).post("/workspaces/{ws}/warehouses/{wh}/connected-sources/{src}", ws, wh, src)
                .then().statusCode(201);
        given().get("/workspaces/{ws}/warehouses/{wh}/connected-sources", ws, wh).then().body("data.sources.id", contains(src));
        given().contentType(ContentType.JSON).body("{\"sourceId\":\"" + src + "\"}")
                .post("/workspaces/{ws}/tracking-plans/{tp}/sources", ws, tp).then().statusCode(200)
                .body("data.status", equalTo("SUCCESS"));
        given().get("/workspaces/{ws}/sources/{id}", ws, src).then().body("data.trackingPlanId", equalTo(tp));
        given().contentType(ContentType.JSON).body("{\"sourceId\":\"" + src + "\"}")
                .post("/workspaces/{ws}/tracking-plans/{tp}/sources", ws, tp2).then().statusCode(409)
                .body("errors[0].field", equalTo("sourceId"));
        given().get("/workspaces/{ws}/tracking-plans/{tp}/sources", ws, tp).then().body("data.sources.id", contains(src));

        given().delete("/workspaces/{ws}/tracking-plans/{tp}/sources", ws, tp).then().statusCode(422)
                .body("errors[0].field", equalTo("sourceId"));
        given().queryParam("sourceId", src).delete("/workspaces/{ws}/tracking-plans/{tp}/sources", ws, tp).then().statusCode(200);
        given().get("/workspaces/{ws}/sources/{id}", ws, src).then().body("data.trackingPlanId", nullValue());
        given().delete("/workspaces/{ws}/warehouses/{wh}/connected-sources/{src}", ws, wh, src).then().statusCode(200)
                .body("data.status", equalTo("SUCCESS"));
        given().get("/workspaces/{ws}/warehouses/{wh}/connected-sources", ws, wh).then().body("data.sources", empty());
        given().contentType(ContentType.JSON).post("/workspaces/{ws}/warehouses/{wh}/connected-sources/{src}", ws, wh, "src_nope")
                .then().statusCode(404).body("errors[0].field", equalTo("sourceId"));
        given().contentType(ContentType.JSON).post("/workspaces/{ws}/warehouses/{wh}/connected-sources/{src}", ws, "wh_nope", src)
                .then().statusCode(404).body("errors[0].field", equalTo("warehouseId"));

        assertThat(Suite.eventTypes(infra, ws, 11).subList(3, 11)).containsExactly("resource.resource-created",
                "resource.resource-created", "resource.resource-created", "resource.resource-created",
                "resource.resources-connected", "resource.resources-connected", "resource.resources-disconnected",
                "resource.resources-disconnected");
    }

    @Test
    void every_type_carries_labels_through_our_path() {
        String tp = given().contentType(ContentType.JSON).body("{\"name\":\"Plan\",\"type\":\"LIVE\"}")
                .post("/workspaces/{ws}/tracking-plans", ws).then().statusCode(200).extract().path("data.trackingPlan.id");
        given().contentType(ContentType.JSON).body("{\"labels\":[{\"key\":\"environment\",\"value\":\"dev\"}]}")
                .post("/workspaces/{ws}/resources/TRACKING_PLAN/{id}/labels", ws, tp).then().statusCode(200)
                .body("data.labels.value", contains("dev"));
        given().contentType(ContentType.JSON).body("{\"labels\":[{\"key\":\"environment\",\"value\":\"prod\"}]}")
                .put("/workspaces/{ws}/resources/TRACKING_PLAN/{id}/labels", ws, tp).then().statusCode(200)
                .body("data.labels.value", contains("prod"));
        given().get("/workspaces/{ws}/resources/TRACKING_PLAN/{id}/labels", ws, tp).then().statusCode(200)
                .body("data.labels.value", contains("prod"));
        given().get("/workspaces/{ws}/tracking-plans/{id}", ws, tp).then().body("data.trackingPlan.labels.value", contains("prod"));

        given().get("/workspaces/{ws}/resources/{type}/{id}/labels", ws, "PLANET", tp).then().statusCode(422)
                .body("errors[0].field", equalTo("type"));
        given().get("/workspaces/{ws}/resources/{type}/{id}/labels", ws, "SOURCE", tp).then().statusCode(404)
                .body("errors[0].field", equalTo("sourceId"));

        assertThat(Suite.eventTypes(infra, ws, 7).subList(3, 7)).containsExactly("resource.resource-created",
                "resource.label-assigned", "resource.label-unassigned", "resource.label-assigned");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tracking-plans | {\"name\":\"P\",\"type\":\"OTHER\"}           | type",
            "tracking-plans | {\"type\":\"LIVE\"}                           | name",
            "functions      | {\"displayName\":\"F\",\"resourceType\":\"X\"} | resourceType",
            "spaces         | {\"name\":\"S\",\"slug\":\"-s\"}              | slug",
            "warehouses     | {\"metadataId\":5}                             | metadataId",
            "spaces         | {\"name\":\"S\",\"owner\":\"me\"}             | owner",
    })
    void bad_input_names_the_field(String path, String json, String field) throws Exception {
        long events = Suite.count(infra, "SELECT count(*) FROM event_log");
        given().contentType(ContentType.JSON).body(json).post("/workspaces/{ws}/" + path, ws)
                .then().statusCode(422).body("errors.field", hasItem(field));
        assertThat(Suite.count(infra, "SELECT count(*) FROM event_log")).isEqualTo(events);
    }
}
