package io.iamsuite.token.api;

import io.iamsuite.auth.TokenSecrets;
import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Bootstrap works once per installation. Its own profile, so its application starts with an empty database of its
 * own (no other test's tokens).
 */
@QuarkusTest
@TestProfile(BootstrapResourceTest.FreshInstallation.class)
@WithTestResource(IamInfraResource.class)
class BootstrapResourceTest {
    public static class FreshInstallation implements QuarkusTestProfile {
    }

    @InjectInfra
    InfraInfo infra;

    @Test
    void the_first_owner_token_is_issued_once_and_never_again() throws Exception {
        given().get("/bootstrap/status").then().statusCode(200).body("data.bootstrapped", equalTo(false));
        given().contentType(ContentType.JSON).body("{\"workspaceId\":\"ws_x\",\"ownerUserId\":\"usr 1\"}")
                .post("/bootstrap").then().statusCode(422).body("errors[0].field", equalTo("ownerUserId"));
        given().contentType(ContentType.JSON).body("{\"ownerUserId\":\"usr_1\"}")
                .post("/bootstrap").then().statusCode(422).body("errors[0].field", equalTo("workspaceId"));
        given().contentType(ContentType.JSON).body("{\"workspaceId\":\"ws_x\",\"ownerUserId\":\"usr_1\",\"extra\":1}")
                .post("/bootstrap").then().statusCode(422).body("errors[0].field", equalTo("extra"));

        // The workspace resource-service has just created: its consistency token makes bootstrap wait for it.
        String ws = Infra.newWorkspaceId();
        Infra.publishResource(infra, ws, 1, new ResourceEvent.WorkspaceCreated(ws, "Acme", "acme"));
        String created = ConsistencyToken.of(ws, EventSource.RESOURCE, 1).encode();
        var first = given().contentType(ContentType.JSON).header("X-Consistency-Token", created)
                .body("{\"workspaceId\":\"" + ws + "\",\"ownerUserId\":\"usr_ada\"}")
                .post("/bootstrap").then().statusCode(201)
                .body("data.token.access", equalTo("OWNER"))
                .body("data.token.createdBy", equalTo("usr_ada"))
                .body("data.token.description", equalTo("Bootstrap owner token"))
                .extract();
        String secret = first.path("data.secret");
        assertThat(TokenSecrets.looksLikeSecret(secret)).isTrue();
        given().get("/bootstrap/status").then().body("data.bootstrapped", equalTo(true));
        given().contentType(ContentType.JSON).body("{\"secret\":\"" + secret + "\"}")
                .post("/workspaces/{ws}/tokens/introspect", ws).then().body("data.active", equalTo(true));

        // Again, in the same or another workspace, even all at once: refused, nothing recorded.
        String other = Infra.newWorkspaceId();
        Infra.announce(infra, other);
        long events = Infra.eventCount(infra, ws) + Infra.eventCount(infra, other);
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Integer>> attempts = new ArrayList<>();
            for (String target : List.of(ws, other, ws, other)) {
                attempts.add(CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                        .body("{\"workspaceId\":\"" + target + "\",\"ownerUserId\":\"usr_eve\"}")
                        .post("/bootstrap").then().extract().statusCode(), pool));
            }
            for (var attempt : attempts) {
                assertThat(attempt.get()).isEqualTo(409);
            }
        } finally {
            pool.shutdown();
        }
        given().contentType(ContentType.JSON).body("{\"workspaceId\":\"" + other + "\",\"ownerUserId\":\"usr_eve\"}")
                .post("/bootstrap").then().statusCode(409).body("errors[0].field", equalTo("bootstrap"));
        assertThat(Infra.eventCount(infra, ws) + Infra.eventCount(infra, other)).isEqualTo(events);
        given().get("/workspaces/{ws}/tokens", other).then().body("data.tokens.size()", equalTo(0));
    }

    @Test
    void two_bootstraps_at_once_on_a_fresh_installation_issue_one_token() throws Exception {
        // Runs on the same application as the test above only if it ran first; either way at most one wins.
        String a = Infra.newWorkspaceId();
        String b = Infra.newWorkspaceId();
        Infra.announce(infra, a);
        Infra.announce(infra, b);
        boolean wasBootstrapped = given().get("/bootstrap/status").then().extract().path("data.bootstrapped");
        var pool = Executors.newFixedThreadPool(2);
        try {
            var first = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .body("{\"workspaceId\":\"" + a + "\",\"ownerUserId\":\"usr_a\"}").post("/bootstrap")
                    .then().extract().statusCode(), pool);
            var second = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .body("{\"workspaceId\":\"" + b + "\",\"ownerUserId\":\"usr_b\"}").post("/bootstrap")
                    .then().extract().statusCode(), pool);
            List<Integer> statuses = List.of(first.get(), second.get());
            assertThat(statuses).containsExactlyInAnyOrderElementsOf(wasBootstrapped ? List.of(409, 409) : List.of(201, 409));
        } finally {
            pool.shutdown();
        }
        assertThat(Infra.queryLong(infra, "SELECT count(*) FROM tokens WHERE workspace_id IN (?, ?)", a, b))
                .isEqualTo(wasBootstrapped ? 0 : 1);
    }
}
