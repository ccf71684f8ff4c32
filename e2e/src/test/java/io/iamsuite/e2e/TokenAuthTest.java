package io.iamsuite.e2e;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API tokens across the running suite (issue 5): an owner token works on Segment's own paths in every service;
 * after {@code revoke} answers, token-service refuses the token at once and every other service within the
 * documented bound (measured and printed); and neither the services' logs nor any answer but the issuing one
 * ever contains a secret.
 */
@ExtendWith(RunningSuite.class)
class TokenAuthTest {
    /** The documented bound for a revocation to reach every service (docs/services/token-service.md). */
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(2);

    private final Api api;
    private final Suite suite;
    private final List<String> answers = new ArrayList<>();

    TokenAuthTest(Suite suite) {
        this.suite = suite;
        this.api = new Api(suite);
    }

    @Test
    void tokens_work_on_segments_paths_revocation_reaches_every_service_and_no_secret_leaks() throws IOException {
        Api.Workspace workspace = api.createWorkspace();
        String run = Api.unique();
        Api.Member owner = api.addMember(workspace.id(), "owner-" + run + "@example.com", "OWNER");
        String ownerSecret = issue(workspace, "owner token", workspace.token());
        String doomed = issue(workspace, "token to revoke", workspace.token());
        String doomedId = api.bare().header("Authorization", "Bearer " + ownerSecret).get("/tokens")
                .then().statusCode(200).extract().path("data.tokens.find { it.description == 'token to revoke' }.id");

        // Every service knows the tokens within a moment; then Segment's workspace-less paths work.
        awaitStatus(ownerSecret, "GET", "/users", 200);
        awaitStatus(ownerSecret, "GET", "/sources", 200);
        record(call(ownerSecret, "GET", "/", null)).then().statusCode(200);
        record(call(ownerSecret, "POST", "/sources", Map.of("slug", "web-" + run))).then().statusCode(201);
        record(call(ownerSecret, "GET", "/roles", null)).then().statusCode(200);
        record(call(ownerSecret, "GET", "/workspaces/ws_someone_else/users", null)).then().statusCode(404);
        awaitStatus(doomed, "GET", "/users", 200);
        awaitStatus(doomed, "GET", "/sources", 200);
        awaitStatus(doomed, "POST", "/policy/v1/check", 200);

        long revoked = System.nanoTime();
        record(call(ownerSecret, "DELETE", "/tokens/" + doomedId, null)).then().statusCode(200);
        long answered = System.nanoTime();
        record(call(doomed, "GET", "/tokens", null)).then().statusCode(401);
        Map<String, Long> reachedMillis = new java.util.LinkedHashMap<>();
        for (String[] probe : new String[][] {{"identity-service", "/users"}, {"resource-service", "/sources"},
                {"policy-service", "/policy/v1/check"}}) {
            String method = probe[1].startsWith("/policy") ? "POST" : "GET";
            await().atMost(REVOCATION_BOUND.plusSeconds(3)).pollInterval(Duration.ofMillis(5))
                    .until(() -> record(call(doomed, method, probe[1], checkBody(workspace, owner, probe[1])))
                            .statusCode() == 401);
            reachedMillis.put(probe[0], (System.nanoTime() - answered) / 1_000_000);
        }
        System.out.printf("[e2e] revocation: token-service refused at once; after revoke answered (%d ms), other "
                + "services refused the token within %s ms%n", (answered - revoked) / 1_000_000, reachedMillis);
        assertThat(reachedMillis.values()).allSatisfy(ms -> assertThat(ms).isLessThan(REVOCATION_BOUND.toMillis()));

        // No secret in any answer but its own issuing one, and none in any log.
        assertThat(answers).noneMatch(body -> body.contains(ownerSecret) || body.contains(doomed)
                || body.contains(suite.operatorSecret()));
        if (suite.logDir() != null) {
            try (Stream<Path> logs = Files.walk(suite.logDir())) {
                for (Path log : logs.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertThat(text).as("log %s", log).doesNotContain(ownerSecret).doesNotContain(doomed)
                            .doesNotContain(suite.operatorSecret());
                }
            }
        }
    }

    /** Issues an owner token; the workspace creation's token makes token-service wait until it knows the workspace. */
    private String issue(Api.Workspace workspace, String description, String consistencyToken) {
        Response response = api.json().header("X-Consistency-Token", consistencyToken)
                .body(Map.of("description", description, "access", "OWNER"))
                .post("/workspaces/{ws}/tokens", workspace.id());
        response.then().statusCode(201);
        return response.path("data.secret");
    }

    private Object checkBody(Api.Workspace workspace, Api.Member owner, String path) {
        if (!path.startsWith("/policy")) {
            return null;
        }
        return Map.of("workspaceId", workspace.id(), "subject", Map.of("type", "USER", "id", owner.id()),
                "permission", "source.update", "resource", Map.of("type", "SOURCE", "id", "src_1"));
    }

    private void awaitStatus(String secret, String method, String path, int status) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() ->
                record(call(secret, method, path, path.startsWith("/policy") ? Map.of() : null)).statusCode() == status
                        || (path.startsWith("/policy") && record(call(secret, method, path, Map.of())).statusCode() == 422));
    }

    private Response call(String secret, String method, String path, Object body) {
        var request = api.bare().header("Authorization", "Bearer " + secret);
        if (body != null) {
            request = request.contentType("application/json").body(body);
        }
        return request.request(method, path);
    }

    private Response record(Response response) {
        answers.add(response.asString());
        return response;
    }
}
