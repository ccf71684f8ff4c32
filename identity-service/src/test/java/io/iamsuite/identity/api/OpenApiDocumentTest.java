package io.iamsuite.identity.api;

import io.iamsuite.testing.IamInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

/** The service describes itself at {@code /q/openapi} (the gateway serves it as {@code /openapi/identity}). */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class OpenApiDocumentTest {
    @Test
    void the_document_names_the_service_and_lists_its_segment_paths() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("identity-service"))
                .body("info.version", not(emptyOrNullString()))
                .body("info.description", not(emptyOrNullString()))
                .extract().path("paths");

        assertThat(paths).containsKeys(
                "/workspaces/{workspaceId}/members",
                "/workspaces/{workspaceId}/members/{userId}/role",
                "/workspaces/{workspaceId}/users",
                "/workspaces/{workspaceId}/users/{userId}",
                "/workspaces/{workspaceId}/users/{userId}/groups",
                "/workspaces/{workspaceId}/groups",
                "/workspaces/{workspaceId}/groups/{groupId}",
                "/workspaces/{workspaceId}/groups/{groupId}/users",
                "/roles");
        assertThat(paths.get("/workspaces/{workspaceId}/users")).containsKeys("get", "delete");
        assertThat(paths.get("/workspaces/{workspaceId}/groups/{groupId}/users")).containsKeys("get", "post", "put", "delete");
    }
}
