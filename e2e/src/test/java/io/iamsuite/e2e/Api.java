package io.iamsuite.e2e;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The suite's public REST API through the gateway, as a client sees it. */
final class Api {
    /** identity-service learns about a new workspace from Kafka; this bounds that window. */
    static final Duration WORKSPACE_PROPAGATION = Duration.ofSeconds(30);

    private static final RestAssuredConfig CONFIG = RestAssured.config()
            // a test's own Authorization header replaces the operator's instead of adding a second one
            .headerConfig(io.restassured.config.HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization"))
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false))
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 5_000)
                    .setParam("http.socket.timeout", 20_000));

    record Workspace(String id, String name, String slug, String token) {
    }

    record Member(String id, String email, String name, String role, String token) {
        boolean owner() {
            return "OWNER".equals(role);
        }
    }

    private final Suite suite;

    Api(Suite suite) {
        this.suite = suite;
    }

    Suite suite() {
        return suite;
    }

    /** A request to the gateway, without a body or content type yet. */
    RequestSpecification bare() {
        return RestAssured.given().config(CONFIG).baseUri(suite.baseUrl()).accept(ContentType.JSON)
                .header("Authorization", suite.operatorAuthorization());
    }

    /** A JSON request to the gateway. */
    RequestSpecification json() {
        return bare().contentType("application/json");
    }

    /** Unique enough for test data across runs against a long-lived suite. */
    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    Workspace createWorkspace() {
        String slug = "e2e-" + unique();
        Response response = json().body(Map.of("name", "E2E " + slug, "slug", slug)).post("/workspaces");
        assertThat(response.statusCode()).as("POST /workspaces: %s", response.asString()).isEqualTo(201);
        String token = response.path("data.consistencyToken");
        assertThat(token).isNotBlank();
        assertThat(response.header("X-Consistency-Token")).isEqualTo(token);
        return new Workspace(response.path("data.workspace.id"), response.path("data.workspace.name"),
                response.path("data.workspace.slug"), token);
    }

    Response postMember(String workspaceId, Object body) {
        return json().body(body).post("/workspaces/{workspaceId}/members", workspaceId);
    }

    static Map<String, Object> memberBody(String email, String name, String role) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("name", name);
        body.put("role", role);
        return body;
    }

    /**
     * Adds a member and expects 201. Right after the workspace was created, identity-service may not know it yet
     * (it learns it from resource-service's Kafka events) and answers 404: retried within {@link #WORKSPACE_PROPAGATION}.
     */
    Member addMember(String workspaceId, String email, String role) {
        Response response = postMemberOnceKnown(workspaceId, memberBody(email, "E2E " + role.toLowerCase(), role));
        return member(response);
    }

    /** POSTs the body until identity-service knows the workspace (anything but 404), returns that answer. */
    Response postMemberOnceKnown(String workspaceId, Object body) {
        long t0 = System.nanoTime();
        int[] attempts = {0};
        Response response = await("identity-service knows workspace " + workspaceId)
                .atMost(WORKSPACE_PROPAGATION)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    attempts[0]++;
                    return postMember(workspaceId, body);
                }, r -> r.statusCode() != 404);
        if (attempts[0] > 1) {
            System.out.printf("[e2e] identity-service knew workspace %s after %.1f s (%d attempts answered 404)%n",
                    workspaceId, (System.nanoTime() - t0) / 1e9, attempts[0] - 1);
        }
        return response;
    }

    static Member member(Response response) {
        assertThat(response.statusCode()).as("POST members: %s", response.asString()).isEqualTo(201);
        String token = response.path("data.consistencyToken");
        assertThat(token).isNotBlank();
        assertThat(response.header("X-Consistency-Token")).isEqualTo(token);
        return new Member(response.path("data.user.id"), response.path("data.user.email"),
                response.path("data.user.name"), response.path("data.user.role"), token);
    }

    static Map<String, Object> atLeastAsFresh(String... tokens) {
        return Map.of("atLeastAsFresh", Arrays.asList(tokens));
    }

    static Map<String, Object> fullyConsistent() {
        return Map.of("fullyConsistent", true);
    }

    static Map<String, Object> checkBody(String workspaceId, String userId, String permission, String resourceType,
                                         String resourceId, Map<String, Object> consistency) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspaceId", workspaceId);
        body.put("subject", Map.of("type", "USER", "id", userId));
        body.put("permission", permission);
        body.put("resource", Map.of("type", resourceType, "id", resourceId));
        if (consistency != null) {
            body.put("consistency", consistency);
        }
        return body;
    }

    Response postCheck(Map<String, Object> body) {
        return json().body(body).post("/policy/v1/check");
    }

    /** POST /policy/v1/check, expects 200 and returns data.allowed. */
    boolean check(String workspaceId, String userId, String permission, String resourceType, String resourceId,
                  Map<String, Object> consistency) {
        Map<String, Object> body = checkBody(workspaceId, userId, permission, resourceType, resourceId, consistency);
        Response response = postCheck(body);
        assertThat(response.statusCode()).as("POST /policy/v1/check %s -> %s", body, response.asString())
                .isEqualTo(200);
        Boolean allowed = response.path("data.allowed");
        assertThat(allowed).as("data.allowed of %s", response.asString()).isNotNull();
        return allowed;
    }

    /** source.update on SOURCE src_1, the example of the API description. */
    boolean check(String workspaceId, String userId, Map<String, Object> consistency) {
        return check(workspaceId, userId, "source.update", "SOURCE", "src_1", consistency);
    }

    /** The error envelope: {"errors": [{"type", "message", "field"?}]}, no data, one error naming {@code field}. */
    static void assertError(Response response, int status, String field) {
        String body = response.asString();
        assertThat(response.statusCode()).as("status of %s", body).isEqualTo(status);
        assertThat(response.contentType()).as("Content-Type of %s", body).startsWith("application/json");
        List<Map<String, Object>> errors = response.path("errors");
        assertThat(errors).as("errors of %s", body).isNotEmpty();
        assertThat(errors).as("each error has a type and a message: %s", body)
                .allSatisfy(e -> assertThat(e).containsKeys("type", "message"));
        if (field != null) {
            assertThat(errors).as("an error naming the field %s: %s", field, body)
                    .anySatisfy(e -> assertThat(e).containsEntry("field", field));
        }
        assertThat((Object) response.path("data")).as("no data in %s", body).isNull();
    }
}
