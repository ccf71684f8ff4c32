package io.iamsuite.resource.api;

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

/** The service describes itself at {@code /q/openapi} (the gateway serves it as {@code /openapi/resource}). */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class OpenApiDocumentTest {
    @Test
    void the_document_names_the_service_and_lists_its_paths() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("resource-service"))
                .body("info.version", not(emptyOrNullString()))
                .body("info.description", not(emptyOrNullString()))
                .extract().path("paths");

        assertThat(paths).containsKeys("/workspaces", "/workspaces/{workspaceId}");
        assertThat(paths.get("/workspaces")).containsKey("post");
        assertThat(paths.get("/workspaces/{workspaceId}")).containsKey("get");
    }
}
