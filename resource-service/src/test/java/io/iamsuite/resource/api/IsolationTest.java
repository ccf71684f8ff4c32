package io.iamsuite.resource.api;

import io.iamsuite.testing.IamInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** Two workspaces never see each other's resources or labels. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class IsolationTest {

    @Test
    void a_workspace_sees_only_its_own_resources_and_labels() {
        String a = Suite.workspace();
        String b = Suite.workspace();
        String srcA = Suite.createSource(a, "web");
        String srcB = Suite.createSource(b, "web");
        Suite.createLabel(a, "team", "alpha");

        given().get("/workspaces/{ws}/sources", a).then().body("data.sources.id", contains(srcA));
        given().get("/workspaces/{ws}/sources", b).then().body("data.sources.id", contains(srcB));
        given().get("/workspaces/{ws}/sources/{id}", b, srcA).then().statusCode(404).body("errors[0].field", equalTo("sourceId"));
        given().contentType(ContentType.JSON).body("{\"name\":\"mine\"}").patch("/workspaces/{ws}/sources/{id}", b, srcA)
                .then().statusCode(404);
        given().delete("/workspaces/{ws}/sources/{id}", b, srcA).then().statusCode(404);
        given().get("/workspaces/{ws}/labels", b).then().body("data.labels.key", contains("environment", "environment"));
        // B cannot use A's label, nor delete it
        given().contentType(ContentType.JSON).body("{\"labels\":[{\"key\":\"team\",\"value\":\"alpha\"}]}")
                .post("/workspaces/{ws}/sources/{id}/labels", b, srcB).then().statusCode(404).body("errors[0].field", equalTo("labels"));
        given().delete("/workspaces/{ws}/labels/{k}/{v}", b, "team", "alpha").then().statusCode(404);
        // nor connect A's source to its warehouse
        String whB = given().contentType(ContentType.JSON).body("{\"metadataId\":\"bq\"}")
                .post("/workspaces/{ws}/warehouses", b).then().statusCode(201).extract().path("data.warehouse.id");
        given().contentType(ContentType.JSON).post("/workspaces/{ws}/warehouses/{wh}/connected-sources/{src}", b, whB, srcA)
                .then().statusCode(404).body("errors[0].field", equalTo("sourceId"));
        // a cursor of A's list is no cursor of B's
        String cursor = given().queryParam("pagination.count", 1).get("/workspaces/{ws}/sources", a).then()
                .extract().path("data.pagination.current");
        given().queryParam("pagination.cursor", cursor).get("/workspaces/{ws}/sources", b).then().statusCode(422)
                .body("errors[0].field", equalTo("pagination.cursor"));
        // and the same label in both is two labels: deleting B's leaves A's
        Suite.createLabel(b, "team", "alpha");
        given().delete("/workspaces/{ws}/labels/{k}/{v}", b, "team", "alpha").then().statusCode(200);
        given().get("/workspaces/{ws}/labels", a).then().body("data.labels.value", contains("dev", "prod", "alpha"));
    }
}
