package io.iamsuite.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iamsuite.bench.Args;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Write throughput of each writer service through the gateway (issue 7, point 5), and how soon a burst of writes is
 * visible to policy-service: per service, {@code --writers} clients in a closed loop (each sends its next write when
 * the last one is answered), each in a workspace of its own (writes within one workspace serialize on the workspace's
 * head, which orders its events), for a warm-up and then {@code --seconds}, each write a new object:
 * <ul>
 *   <li>identity-service: {@code POST /workspaces/{ws}/members} (a new MEMBER),</li>
 *   <li>resource-service: {@code POST /workspaces/{ws}/sources} (a new source),</li>
 *   <li>token-service: {@code POST /workspaces/{ws}/tokens} (a new MEMBER token holding Source Admin on the
 *   workspace).</li>
 * </ul>
 * Every write must answer 201 with a consistency token, or the run aborts (exit 1). A write is accepted only once it is
 * committed with its event in the service's outbox, so writes/s is what the service and its PostgreSQL sustain; the
 * relay publishes them to Kafka behind. After each window, a check per workspace with {@code atLeastAsFresh} its last
 * consistency token measures <b>burst → visible</b>: how long after the last write's answer policy-service has applied
 * everything the window wrote (relay + Kafka + projection catching up).
 *
 * <p>Appends one TSV row per service to {@code --out}: service, writers, seconds, writes, writes/s, p50/p99/p99.9 ms,
 * burst-to-visible ms.
 */
public final class WriteLoad {
    static final String USAGE = """
            WriteLoad: write throughput per writer service through the gateway, and burst -> visible.
              --base-url URL               the gateway (default http://127.0.0.1:8080)
              --operator-secret-file F     the operator secret (required)
              --services LIST              identity,resource,token (default all three)
              --writers N                  concurrent writers per service (default 8)
              --seconds N                  measured window per service (default 10)
              --warmup-seconds N           before each window, not counted (default 3)
              --label TEXT                 first column of the rows (e.g. the dataset preset)
              --out FILE                   append the rows here (TSV)
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Source Admin in the role catalogue: a MEMBER token needs a permission. */
    private static final String SOURCE_ADMIN = "3Mf1CFsFeeMdzC2AAEIqGjRqFm0";
    private static final long HIGHEST = Duration.ofMinutes(2).toNanos() / 1000;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String bearer;
    private final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    private WriteLoad(String baseUrl, String bearer) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.bearer = bearer;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        String baseUrl = args.string("base-url", "http://127.0.0.1:8080");
        String secretFile = args.string("operator-secret-file", null);
        String services = args.string("services", "identity,resource,token");
        int writers = args.integer("writers", 8);
        int seconds = args.integer("seconds", 10);
        int warmup = args.integer("warmup-seconds", 3);
        String label = args.string("label", "-");
        String out = args.string("out", null);
        args.done();
        if (secretFile == null) {
            System.err.println("--operator-secret-file is required\n" + USAGE);
            System.exit(2);
        }
        WriteLoad load = new WriteLoad(baseUrl, Files.readString(Path.of(secretFile)).trim());
        int status = 0;
        List<String> rows = new ArrayList<>();
        try {
            List<String> workspaces = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                workspaces.add(load.workspace(w));
            }
            for (String service : services.split(",")) {
                rows.add(label + "\t" + load.measure(service.trim(), workspaces, warmup, seconds));
            }
        } catch (Exception e) {
            status = 1;
            progress("ABORTED: %s", e.getMessage());
        }
        if (out != null && !rows.isEmpty()) {
            Files.write(Path.of(out), rows, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        System.exit(status);
    }

    /** A fresh workspace, once identity- and token-service know it (they learn workspaces from Kafka). */
    private String workspace(int index) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("name", "Write load " + run + " " + index)
                .put("slug", "write-load-" + run + "-" + index);
        JsonNode created = expect(post("/workspaces", body), "POST /workspaces");
        String workspace = created.at("/data/workspace/id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String service : List.of("identity", "token")) {
            while (true) {
                HttpResponse<String> probe = send(service, workspace, 0, -1);
                if (probe.statusCode() == 201) {
                    break;
                }
                if (probe.statusCode() != 404 || System.nanoTime() > deadline) {
                    throw new IllegalStateException(service + "-service did not accept a write in " + workspace
                            + ": " + probe.statusCode() + " " + probe.body());
                }
                Thread.sleep(100);
            }
        }
        progress("workspace %s created and known to every writer", workspace);
        return workspace;
    }

    /** One writer per workspace: writes within one workspace serialize on its head (its events' order). */
    private String measure(String service, List<String> workspaces, int warmup, int seconds) throws Exception {
        int writers = workspaces.size();
        Histogram latency = new Histogram(HIGHEST, 3);
        AtomicLong counted = new AtomicLong();
        String[] lastTokens = new String[writers];
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long measureFrom = start + Duration.ofSeconds(warmup).toNanos();
        long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                int i = 0;
                try {
                    while (failure.get() == null) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            return;
                        }
                        HttpResponse<String> response = send(service, workspaces.get(writer), writer, i++);
                        long t1 = System.nanoTime();
                        String token = token(response, service);
                        if (t0 >= measureFrom) {
                            synchronized (latency) {
                                latency.recordValue((t1 - t0) / 1000);
                            }
                            counted.incrementAndGet();
                        }
                        lastTokens[writer] = token;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "writer-" + service + "-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        long lastAnswered = System.nanoTime();
        for (int w = 0; w < writers; w++) {   // each workspace's last write, checked with its token
            if (lastTokens[w] == null) {
                continue;
            }
            ObjectNode check = JSON.createObjectNode().put("workspaceId", workspaces.get(w))
                    .put("permission", "source.read");
            check.putObject("subject").put("type", "USER").put("id", "usr_write_load");
            check.putObject("resource").put("type", "SOURCE").put("id", "src_write_load");
            check.putObject("consistency").putArray("atLeastAsFresh").add(lastTokens[w]);
            HttpResponse<String> visible = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                visible = post("/policy/v1/check", check);
                if (visible.statusCode() != 503) {
                    break;
                }
            }
            expect(visible, "the check with the last write's token in " + workspaces.get(w));
        }
        double burstMs = (System.nanoTime() - lastAnswered) / 1e6;
        double perSecond = counted.get() / (double) seconds;
        progress("%s-service: %,d writes in %d s with %d writers = %,.0f writes/s; latency p50 %.1f ms, p99 %.1f ms;"
                        + " the burst was visible to policy-service %.0f ms after its last answer", service, counted.get(),
                seconds, writers, perSecond, latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, burstMs);
        return String.format(Locale.ROOT, "%s\t%d\t%d\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%.0f", service, writers, seconds,
                counted.get(), perSecond, latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0, burstMs);
    }

    /** One write of the service's kind: a new object each time. */
    private HttpResponse<String> send(String service, String workspace, int writer, int i) throws Exception {
        String unique = run + "-" + writer + "-" + (i < 0 ? "probe" : Integer.toString(i));
        switch (service) {
            case "identity":
                return post("/workspaces/" + workspace + "/members", JSON.createObjectNode()
                        .put("email", "w" + unique + "@write-load.example.com").put("role", "MEMBER"));
            case "resource":
                return post("/workspaces/" + workspace + "/sources", JSON.createObjectNode().put("slug", "s" + unique));
            case "token":
                ObjectNode token = JSON.createObjectNode().put("description", "write load " + unique)
                        .put("access", "MEMBER");
                ObjectNode permission = token.putArray("permissions").addObject().put("roleId", SOURCE_ADMIN);
                permission.putArray("resources").addObject().put("id", workspace).put("type", "WORKSPACE");
                return post("/workspaces/" + workspace + "/tokens", token);
            default:
                throw new IllegalArgumentException("unknown service " + service + " (identity, resource, token)");
        }
    }

    private static String token(HttpResponse<String> response, String service) throws IOException {
        JsonNode body = expect(response, service + " write");
        String token = body.at("/data/consistencyToken").asText("");
        if (token.isEmpty()) {
            token = response.headers().firstValue("X-Consistency-Token").orElse("");
        }
        if (token.isEmpty()) {
            throw new IllegalStateException(service + " write answered no consistency token: " + response.body());
        }
        return token;
    }

    private HttpResponse<String> post(String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expect(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void progress(String format, Object... args) {
        System.err.printf("[write-load] " + format + "%n", args);
    }
}
