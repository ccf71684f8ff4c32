package io.iamsuite.token.api;

import io.iamsuite.testing.IamInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The service describes itself at {@code /q/openapi} (the gateway serves it as {@code /openapi/token}), every
 * operation included, so a new endpoint has to name its path here.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class OpenApiDocumentTest {
    @Test
    void the_document_names_the_service_and_lists_its_paths() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("token-service"))
                .body("info.version", not(emptyOrNullString()))
                .body("info.description", not(emptyOrNullString()))
                .extract().path("paths");

        assertThat(paths).as("token-service's operations").containsOnlyKeys(
                "/workspaces/{workspaceId}/tokens",
                "/workspaces/{workspaceId}/tokens/{tokenId}",
                "/workspaces/{workspaceId}/tokens/{tokenId}/rotate",
                "/workspaces/{workspaceId}/tokens/{tokenId}/permissions",
                "/workspaces/{workspaceId}/tokens/introspect",
                "/bootstrap",
                "/bootstrap/status");
        assertThat(paths.get("/workspaces/{workspaceId}/tokens")).containsOnlyKeys("get", "post");
        assertThat(paths.get("/workspaces/{workspaceId}/tokens/{tokenId}")).containsOnlyKeys("get", "delete");
        assertThat(paths.get("/workspaces/{workspaceId}/tokens/{tokenId}/rotate")).containsOnlyKeys("post");
        assertThat(paths.get("/workspaces/{workspaceId}/tokens/{tokenId}/permissions")).containsOnlyKeys("put");
        assertThat(paths.get("/workspaces/{workspaceId}/tokens/introspect")).containsOnlyKeys("post");
        assertThat(paths.get("/bootstrap")).containsOnlyKeys("post");
        assertThat(paths.get("/bootstrap/status")).containsOnlyKeys("get");
    }
}
