package io.iamsuite.bench.peers.cerbos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Cerbos over its HTTP API: {@code POST /api/check/resources} and {@code /api/plan/resources} with JSON bodies
 * ({@link CerbosRequests}), the JDK's HTTP/1.1 client, one call at a time.
 */
public final class CerbosHttpEngine extends CerbosEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpClient client;
    private URI check;
    private URI plan;

    @Override
    public String name() {
        return "cerbos-http";
    }

    @Override
    protected void connect(String httpAddress, String grpcAddress) {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        check = URI.create("http://" + httpAddress + "/api/check/resources");
        plan = URI.create("http://" + httpAddress + "/api/plan/resources");
    }

    @Override
    protected boolean[] check(CallerData.Principal principal, List<CerbosRequests.Entry> entries) {
        JsonNode results = post(check, CerbosRequests.checkJson(principal, entries)).path("results");
        if (results.size() != entries.size()) {
            throw new IllegalStateException(entries.size() + " resources asked, " + results.size() + " answered");
        }
        boolean[] out = new boolean[entries.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode result = results.get(i);
            expectSameResource(entries.get(i), result.path("resource").path("id").asText(), i);
            out[i] = "EFFECT_ALLOW".equals(result.path("actions").path(entries.get(i).action()).asText());
        }
        return out;
    }

    @Override
    protected JsonNode plan(CallerData.Principal principal, String kind, String action, String workspaceId) {
        return post(plan, CerbosRequests.planJson(principal, kind, action, workspaceId)).path("filter");
    }

    private JsonNode post(URI uri, byte[] body) {
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Cerbos answered " + response.statusCode() + " to " + uri + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    protected void disconnect() {
        client = null;
    }
}
