package io.iamsuite.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Read-your-writes latency of the running suite, through the gateway: create a workspace, then, one after the other,
 * add a member (alternately OWNER and MEMBER) and at once ask policy-service whether that user may update a source,
 * with the write's consistency token (the check waits until the projection applied it). Every answer must be right
 * (owner: allowed, member: not) or the benchmark aborts.
 *
 * <p>Measured per iteration: the write (POST members, until its response), write-to-visible (from the write's response
 * to the check's answer) and the whole round. A baseline of checks of an already visible member without a token shows
 * what a check costs by itself.
 */
public final class WriteToVisibleBench {
    static final String USAGE = """
            WriteToVisibleBench: write -> visible-in-a-check latency against a running suite.
              --base-url URL     the gateway (default http://127.0.0.1:8080)
              --iterations N     measured write+check rounds (default 1000)
              --warmup N         rounds before, not counted (default 100)
              --baseline N       checks without a token afterwards, for comparison (default 200; 0 skips)
              --aim-ms N         p99 write-to-visible aim (default 100)
              --report-dir DIR   also write visible.rows.md and visible.details.md there
              --operator-secret-file F   send the operator secret as the bearer token (every service needs one)
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long HIGHEST = Duration.ofMinutes(5).toNanos() / 1000;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String run = BenchDatabase.random(8);

    private final String bearer;

    private WriteToVisibleBench(String baseUrl, String bearer) {
        this.bearer = bearer;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        String baseUrl = args.string("base-url", "http://127.0.0.1:8080");
        int iterations = args.integer("iterations", 1000);
        int warmup = args.integer("warmup", 100);
        int baseline = args.integer("baseline", 200);
        int aimMs = args.integer("aim-ms", 100);
        String reportDir = args.string("report-dir", null);
        String secretFile = args.string("operator-secret-file", null);
        args.done();
        String bearer = secretFile == null ? null : java.nio.file.Files.readString(java.nio.file.Path.of(secretFile)).trim();

        Report report = new Report("visible", reportDir);
        int exit = 0;
        try {
            new WriteToVisibleBench(baseUrl, bearer).run(iterations, warmup, baseline, aimMs, report);
        } catch (Exception | Error e) {
            exit = 1;
            Report.progress("FAILED: %s", e);
            e.printStackTrace();
            report.row("Write → visible", "FAILED: " + e.getMessage(), "", "**failed**");
        }
        report.write();
        System.exit(exit);
    }

    private void run(int iterations, int warmup, int baselineChecks, int aimMs, Report report) throws Exception {
        Report.progress("WriteToVisibleBench: %s, %d warm-up + %d measured rounds; JVM %s", baseUrl, warmup, iterations,
                Runtime.version());
        String slug = "bench-" + run;
        JsonNode created = expect(201, post("/workspaces", object().put("name", "Bench " + run).put("slug", slug)),
                "POST /workspaces");
        String workspace = created.at("/data/workspace/id").asText();
        Report.progress("workspace %s created", workspace);

        Histogram write = new Histogram(HIGHEST, 3);
        Histogram visible = new Histogram(HIGHEST, 3);
        Histogram round = new Histogram(HIGHEST, 3);
        String load = Report.loadAverage();
        long measuredStart = 0;
        String lastMember = null;
        String lastOwner = null;
        int total = warmup + iterations;
        long lastReport = System.nanoTime();
        for (int i = 0; i < total; i++) {
            if (i == warmup) {
                measuredStart = System.nanoTime();
                Report.progress("warm-up done; measuring %d rounds", iterations);
            }
            boolean owner = i % 2 == 0;
            ObjectNode member = object().put("email", "bench." + run + "." + i + "@northwind-analytics.example.com")
                    .put("name", "Bench User " + i).put("role", owner ? "OWNER" : "MEMBER");
            long t0 = System.nanoTime();
            HttpResponse<String> added = post("/workspaces/" + workspace + "/members", member);
            boolean retried = false;
            if (added.statusCode() == 404 && lastOwner == null && lastMember == null) {
                // identity-service learns new workspaces from Kafka: right after the creation it may not know it yet
                added = retryUntilKnown(workspace, member);
                retried = true;
            }
            long t1 = System.nanoTime();
            JsonNode body = expect(201, added, "POST /workspaces/" + workspace + "/members (round " + i + ")");
            String userId = body.at("/data/user/id").asText();
            String token = body.at("/data/consistencyToken").asText();
            if (userId.isEmpty() || token.isEmpty()) {
                throw new IllegalStateException("round " + i + ": no user id or consistency token in " + added.body());
            }
            HttpResponse<String> checked = post("/policy/v1/check", check(workspace, userId, token));
            long t2 = System.nanoTime();
            boolean allowed = allowed(checked, "round " + i);
            if (allowed != owner) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "WRONG ANSWER in round %d: %s %s was %s right after being added (token %s); expected %s", i,
                        owner ? "owner" : "member", userId, allowed ? "allowed" : "denied", token,
                        owner ? "allowed" : "denied"));
            }
            if (owner) {
                lastOwner = userId;
            } else {
                lastMember = userId;
            }
            if (i >= warmup && !retried) {
                write.recordValue((t1 - t0) / 1000);
                visible.recordValue((t2 - t1) / 1000);
                round.recordValue((t2 - t0) / 1000);
            }
            if (t2 - lastReport >= 2_000_000_000L || i == total - 1) {
                Report.progress("%d / %d rounds (%s), all answers right so far%s", i + 1, total,
                        i < warmup ? "warm-up" : "measured",
                        visible.getTotalCount() == 0 ? "" : "; write-to-visible so far " + Report.percentiles(visible));
                lastReport = t2;
            }
        }
        double seconds = (System.nanoTime() - measuredStart) / 1e9;
        double perSecond = iterations / seconds;

        Histogram baseline = new Histogram(HIGHEST, 3);
        for (int i = 0; i < baselineChecks; i++) {
            boolean owner = i % 2 == 0;
            String user = owner ? lastOwner : lastMember;
            ObjectNode request = check(workspace, user, null);
            long t0 = System.nanoTime();
            HttpResponse<String> checked = post("/policy/v1/check", request);
            long t1 = System.nanoTime();
            if (allowed(checked, "baseline check " + i) != owner) {
                throw new IllegalStateException("WRONG ANSWER in baseline check " + i + " for " + user);
            }
            baseline.recordValue((t1 - t0) / 1000);
        }

        double p99 = visible.getValueAtPercentile(99) / 1000.0;
        report.row("Write latency: `POST /workspaces/{ws}/members` via gateway (" + Report.number(iterations) + " rounds)",
                Report.percentiles(write), "–", "–");
        report.row("**Write → visible**: write response → check answer with its consistency token",
                Report.percentiles(visible), "p99 < " + aimMs + " ms",
                p99 < aimMs ? "met" : "**missed**");
        report.row("Round (write + check), one client, sequential", Report.percentiles(round) + "; "
                + String.format(Locale.ROOT, "%.0f rounds/s", perSecond), "–", "–");
        report.details("**Write → visible** (%s, one client thread, sequential; %d warm-up rounds not counted, then %d"
                        + " rounds alternating OWNER/MEMBER, every check answered right: owner allowed, member denied;"
                        + " load avg before: %s):%n",
                baseUrl, warmup, iterations, load);
        report.details("| Measure | p50 | p90 | p99 | p99.9 | max | mean |");
        report.details("|---|---|---|---|---|---|---|");
        details(report, "write (POST members)", write);
        details(report, "write → visible (check with token)", visible);
        details(report, "round (write + check)", round);
        if (baselineChecks > 0) {
            details(report, "check alone, no token (" + baselineChecks + " checks)", baseline);
        }
        report.details("%nThroughput: %.0f rounds/s (%.1f s for %d rounds, i.e. %.0f writes/s and %.0f checks/s from"
                + " one sequential client).%n", perSecond, seconds, iterations, perSecond, perSecond);
        Report.progress("done: write %s; write-to-visible %s; %.0f rounds/s", Report.percentiles(write),
                Report.percentiles(visible), perSecond);
    }

    private static void details(Report report, String name, Histogram h) {
        report.details("| %s | %s | %s | %s | %s | %s | %s |", name, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                Report.ms(h.getMaxValue() / 1000.0), Report.ms(h.getMean() / 1000.0));
    }

    private static String ms(Histogram h, double percentile) {
        return Report.ms(h.getValueAtPercentile(percentile) / 1000.0);
    }

    private HttpResponse<String> retryUntilKnown(String workspace, ObjectNode member) throws Exception {
        long start = System.nanoTime();
        while (true) {
            Thread.sleep(50);
            HttpResponse<String> response = post("/workspaces/" + workspace + "/members", member);
            if (response.statusCode() != 404) {
                Report.progress("identity-service knew workspace %s after %.2f s", workspace,
                        (System.nanoTime() - start) / 1e9);
                return response;
            }
            if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
                throw new IllegalStateException("identity-service did not learn workspace " + workspace
                        + " within 30 s: " + response.body());
            }
        }
    }

    private static ObjectNode check(String workspace, String userId, String token) {
        ObjectNode body = object().put("workspaceId", workspace).put("permission", "source.update");
        body.putObject("subject").put("type", "USER").put("id", userId);
        body.putObject("resource").put("type", "SOURCE").put("id", "src_1");
        if (token != null) {
            body.putObject("consistency").putArray("atLeastAsFresh").add(token);
        }
        return body;
    }

    private static boolean allowed(HttpResponse<String> response, String what) throws IOException {
        JsonNode allowed = expect(200, response, "POST /policy/v1/check (" + what + ")").at("/data/allowed");
        if (!allowed.isBoolean()) {
            throw new IllegalStateException(what + ": no data.allowed in " + response.body());
        }
        return allowed.booleanValue();
    }

    private HttpResponse<String> post(String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expect(int status, HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + " (expected " + status + "): "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
