package io.iamsuite.token.api;

import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Every bad input is a precise 4xx naming the field, and records nothing. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class MalformedInputTest {
    @InjectInfra
    InfraInfo infra;

    private String ws;
    private String tokenId;

    @BeforeEach
    void workspaceWithAToken() {
        ws = Infra.newWorkspaceId();
        Infra.announce(infra, ws);
        tokenId = given().contentType(ContentType.JSON).body("{\"description\":\"x\",\"access\":\"OWNER\"}")
                .post("/workspaces/{ws}/tokens", ws).then().statusCode(201).extract().path("data.token.id");
    }

    private void refused(String method, String path, String body, int status, String field) {
        var request = given().contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        Object[] params = path.contains("{id}") ? new Object[]{ws, tokenId} : new Object[]{ws};
        request.request(method, path, params).then().statusCode(status).body("errors[0].field", equalTo(field));
    }

    @Test
    void bodies_of_every_write_refuse_what_they_cannot_take() throws Exception {
        long before = Infra.eventCount(infra, ws);
        String tokens = "/workspaces/{ws}/tokens";
        String[][] issue = {
                {"{\"description\":", "400", "body"},
                {"[]", "400", "body"},
                {"{\"description\":\"x\",\"access\":\"OWNER\",\"colour\":\"red\"}", "422", "colour"},
                {"{\"description\":7,\"access\":\"OWNER\"}", "422", "description"},
                {"{\"access\":\"OWNER\"}", "422", "description"},
                {"{\"description\":\"x\"}", "422", "access"},
                {"{\"description\":\"x\",\"access\":\"ADMIN\"}", "422", "access"},
                {"{\"description\":\"x\",\"access\":\"OWNER\",\"expiresAt\":\"tomorrow\"}", "422", "expiresAt"},
                {"{\"description\":\"x\",\"access\":\"MEMBER\",\"permissions\":{}}", "422", "permissions"},
                {"{\"description\":\"x\",\"access\":\"MEMBER\",\"permissions\":[{\"roleId\":\"r\"}]}", "422",
                        "permissions[0].resources"},
                {"{\"description\":\"x\",\"access\":\"MEMBER\",\"permissions\":[{\"roleId\":\"r\","
                        + "\"resources\":[{\"id\":\"a\",\"type\":\"PLANET\"}]}]}", "422", "permissions[0].resources[0].type"}};
        for (String[] c : issue) {
            refused("POST", tokens, c[0], Integer.parseInt(c[1]), c[2]);
        }
        refused("POST", tokens, "{\"description\":\"" + "x".repeat(256) + "\",\"access\":\"OWNER\"}", 422, "description");
        given().contentType(ContentType.TEXT).body("hello").post(tokens, ws).then().statusCode(415);
        given().contentType(ContentType.JSON).header("X-Iam-Actor", "not a user").body("{\"description\":\"x\",\"access\":\"OWNER\"}")
                .post(tokens, ws).then().statusCode(422).body("errors[0].field", equalTo("X-Iam-Actor"));
        given().contentType(ContentType.JSON).header("X-Consistency-Token", "nonsense").body("{\"description\":\"x\",\"access\":\"OWNER\"}")
                .post(tokens, ws).then().statusCode(422).body("errors[0].field", equalTo("X-Consistency-Token"));

        refused("POST", tokens + "/{id}/rotate", "{\"gracePeriodSeconds\":-1}", 422, "gracePeriodSeconds");
        refused("POST", tokens + "/{id}/rotate", "{\"grace\":1}", 422, "grace");
        refused("POST", tokens + "/{id}/rotate", "{", 400, "body");
        refused("PUT", tokens + "/{id}/permissions", "{}", 422, "permissions");
        refused("PUT", tokens + "/{id}/permissions", "{\"access\":\"ROOT\",\"permissions\":[]}", 422, "access");
        refused("PUT", tokens + "/{id}/permissions", "{\"permissions\":[null]}", 422, "permissions[0]");
        refused("POST", tokens + "/introspect", "{}", 422, "secret");
        refused("POST", tokens + "/introspect", "{\"secret\":5}", 422, "secret");
        refused("POST", tokens + "/introspect", "{\"secret\":\"x\",\"token\":\"y\"}", 422, "token");

        assertThat(Infra.eventCount(infra, ws)).isEqualTo(before);
    }

    @Test
    void lists_refuse_bad_counts_and_cursors_and_paths_refuse_bad_ids() {
        String tokens = "/workspaces/{ws}/tokens";
        for (String count : new String[]{"0", "1001", "-1", "ten", "1.5"}) {
            given().queryParam("pagination.count", count).get(tokens, ws).then().statusCode(422)
                    .body("errors[0].field", equalTo("pagination.count"));
        }
        given().queryParam("pagination.count", 1000).get(tokens, ws).then().statusCode(200);
        given().queryParam("pagination.cursor", "bm90LWEtY3Vyc29y").get(tokens, ws).then().statusCode(422)
                .body("errors[0].field", equalTo("pagination.cursor"));
        given().queryParam("pagination[cursor]", "%%%").get(tokens, ws).then().statusCode(422)
                .body("errors[0].field", equalTo("pagination.cursor"));
        String otherList = given().queryParam("pagination.count", 1).get(tokens, Infra.newWorkspaceId())
                .then().statusCode(200).extract().path("data.pagination.current");
        given().queryParam("pagination.cursor", otherList).get(tokens, ws).then().statusCode(422)
                .body("errors[0].field", equalTo("pagination.cursor"));
        given().get("/workspaces/{ws}/tokens/{id}", ws, "tok_nope").then().statusCode(404)
                .body("errors[0].field", equalTo("tokenId"));
        given().get("/workspaces/{ws}/tokens", "bad ws").then().statusCode(422);
    }
}
