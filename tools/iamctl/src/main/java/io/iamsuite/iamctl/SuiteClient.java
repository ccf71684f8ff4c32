package io.iamsuite.iamctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** JSON over HTTP to the suite's services (directly or through the gateway). */
final class SuiteClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String bearer;

    SuiteClient(String bearer) {
        this.bearer = bearer;
    }

    /** An answer: status, the parsed body (null if none or not JSON) and the consistency token header. */
    record Answer(int status, JsonNode body, String consistencyToken) {
        String errorMessage() {
            JsonNode error = body == null ? null : body.path("errors").path(0);
            if (error == null || error.isMissingNode()) {
                return "HTTP " + status;
            }
            String field = error.path("field").asText("");
            return "HTTP " + status + " " + error.path("message").asText("") + (field.isEmpty() ? "" : " (" + field + ")");
        }
    }

    Answer get(String base, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(base, path)).GET(), null);
    }

    Answer post(String base, String path, Map<String, Object> body, String consistencyToken)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(base, path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return send(request, consistencyToken);
    }

    private Answer send(HttpRequest.Builder request, String consistencyToken) throws IOException, InterruptedException {
        request.timeout(TIMEOUT).header("Accept", "application/json");
        if (bearer != null && !bearer.isBlank()) {
            request.header("Authorization", "Bearer " + bearer.trim());
        }
        if (consistencyToken != null) {
            request.header("X-Consistency-Token", consistencyToken);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = null;
        try {
            body = response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException notJson) {
            // an HTML error page of a proxy, say: the status tells enough
        }
        return new Answer(response.statusCode(), body,
                response.headers().firstValue("X-Consistency-Token").orElse(null));
    }

    private static URI uri(String base, String path) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(trimmed + path);
    }
}
