package io.iamsuite.identity.api;

import io.iamsuite.events.TokenEvent;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.iamsuite.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** The per-token write limit (429 with the rate headers) and Segment's 401-for-forbidden mode. */
@QuarkusTest
@TestProfile(AuthLimitsTest.TightLimits.class)
@WithTestResource(IamInfraResource.class)
class AuthLimitsTest {
    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("iam.auth.rate-limit.writes-per-minute", "3", "iam.auth.segment-status", "true");
        }
    }

    @InjectInfra
    InfraInfo infra;

    @Test
    void writes_beyond_the_limit_answer_429_with_retry_after_and_reads_are_not_counted() {
        String ws = Workspaces.newId();
        Workspaces.announce(infra, ws);
        String owner = "Bearer " + TestTokens.issue(infra, ws, TokenEvent.Access.OWNER, List.of(), null);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().header("Authorization", owner).get("/users").statusCode() == 200);

        for (int i = 0; i < 3; i++) {
            given().header("Authorization", owner).contentType(ContentType.JSON).body("{\"name\":\"g" + i + "\"}")
                    .post("/groups").then().statusCode(200)
                    .header("X-RateLimit-Limit", "3")
                    .header("X-RateLimit-Remaining", String.valueOf(2 - i))
                    .header("X-RateLimit-Reset", notNullValue());
        }
        given().header("Authorization", owner).contentType(ContentType.JSON).body("{\"name\":\"g4\"}")
                .post("/groups").then().statusCode(429)
                .header("Retry-After", notNullValue())
                .header("X-RateLimit-Remaining", "0")
                .body("errors[0].type", equalTo("too-many-requests"));
        given().header("Authorization", owner).get("/groups").then().statusCode(200)
                .body("data.userGroups.name", equalTo(List.of("g0", "g1", "g2")));
        // The operator is not a token: no limit.
        given().contentType(ContentType.JSON).body("{\"name\":\"g5\"}").post("/workspaces/{ws}/groups", ws)
                .then().statusCode(200);
    }

    @Test
    void in_segment_mode_a_known_token_without_the_permission_answers_401() {
        String ws = Workspaces.newId();
        Workspaces.announce(infra, ws);
        String member = "Bearer " + TestTokens.issue(infra, ws, TokenEvent.Access.MEMBER, List.of(), null);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().header("Authorization", member).get("/users").body().asString().contains("lacks"));

        given().header("Authorization", member).get("/users").then().statusCode(401)
                .body("errors[0].type", equalTo("unauthorized"))
                .body("errors[0].message", equalTo("This token lacks workspace.access.read on WORKSPACE " + ws));
    }
}
