package io.iamsuite.token.api;

import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * A token issued over the API works at once in token-service, is refused the moment its revocation has been
 * answered (no wait for Kafka), and its use is recorded as last-used (batched).
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class RevocationTest {
    @InjectInfra
    InfraInfo infra;

    @Test
    void a_revoked_token_is_refused_by_token_service_as_soon_as_revoke_returns() {
        String ws = Infra.newWorkspaceId();
        Infra.announce(infra, ws);
        var issued = given().contentType(ContentType.JSON).body("{\"description\":\"ci\",\"access\":\"OWNER\"}")
                .post("/workspaces/{ws}/tokens", ws).then().statusCode(201).extract();
        String secret = issued.path("data.secret");
        String tokenId = issued.path("data.token.id");
        String bearer = "Bearer " + secret;

        // Usable at once: the issuing service applied its own event before answering.
        given().header("Authorization", bearer).get("/tokens").then().statusCode(200);
        given().header("Authorization", bearer).get("/workspaces/{ws}/tokens/{id}", ws, tokenId).then().statusCode(200);

        given().header("Authorization", bearer).delete("/tokens/{id}", tokenId).then().statusCode(200);
        given().header("Authorization", bearer).get("/tokens").then().statusCode(401)
                .body("errors[0].message", equalTo("The token was revoked"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/workspaces/{ws}/tokens/{id}", ws, tokenId).then().statusCode(200)
                        .body("data.token.lastUsedAt", notNullValue()));
    }
}
