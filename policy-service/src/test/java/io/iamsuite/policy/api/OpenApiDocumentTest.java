package io.iamsuite.policy.api;

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

/** The service describes itself at {@code /q/openapi} (the gateway serves it as {@code /openapi/policy}). */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class OpenApiDocumentTest {
    @Test
    void the_document_names_the_service_and_lists_its_paths() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("policy-service"))
                .body("info.version", not(emptyOrNullString()))
                .body("info.description", not(emptyOrNullString()))
                .extract().path("paths");

        assertThat(paths).containsKeys("/policy/v1/check", "/policy/v1/batch-check", "/policy/v1/explain",
                "/policy/v1/lookup-resources", "/policy/v1/lookup-subjects");
        assertThat(paths.get("/policy/v1/check")).containsKey("post");
    }
}
