package io.iamsuite.iamctl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** iamctl's policy commands (replay, who-can, why, diff, rebuild, snapshot) against a stand-in policy-service: the calls and the output. */
class PolicyCommandsTest {
    private HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    /** Answers given in turn (the last one repeats), before {@link #answers}. */
    private final Map<String, java.util.Deque<String>> sequences = new ConcurrentHashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void suite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        calls.add(key + (exchange.getRequestURI().getQuery() == null ? "" : "?" + exchange.getRequestURI().getQuery())
                + " auth=" + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
        java.util.Deque<String> sequence = sequences.get(key);
        String reply = sequence != null ? (sequence.size() > 1 ? sequence.poll() : sequence.peek())
                : answers.getOrDefault(key, "{}");
        if (sequence != null) {
            answers.putIfAbsent(key, reply);
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(statuses.getOrDefault(key, answers.containsKey(key) ? 200 : 404), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    int run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--policy-url";
        all[args.length + 1] = "http://127.0.0.1:" + server.getAddress().getPort();
        all[args.length + 2] = "--bearer";
        all[args.length + 3] = "iamt_owner";
        return Iamctl.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all);
    }

    @Test
    void replay_asks_for_the_summary_at_the_point_and_prints_it() {
        answers.put("POST /policy/v1/as-of/summary", "{\"data\":{\"workspaceId\":\"ws_1\",\"asOf\":\"{identity=3,resource=2}\","
                + "\"members\":4,\"owners\":1,\"groups\":2,\"grants\":7,\"resources\":5,\"tokens\":1,\"eventsApplied\":12,"
                + "\"recordsRead\":40,\"positions\":{\"identity\":3,\"resource\":2,\"token\":0}}}");

        assertThat(run("replay", "--workspace", "ws_1", "--until", "identity=3,resource=2")).isZero();

        assertThat(calls).singleElement().asString().startsWith("POST /policy/v1/as-of/summary auth=Bearer iamt_owner")
                .contains("\"workspaceId\":\"ws_1\"", "\"asOf\":{\"positions\":{\"identity\":3,\"resource\":2}}");
        assertThat(out.toString()).contains("members   4 (owners 1)", "groups    2", "grants    7", "resources 5",
                "tokens    1", "positions identity=3,resource=2,token=0");
        assertThat(err.toString()).contains("40 records read, 12 events of ws_1 applied");
    }

    @Test
    void replay_until_a_time_sends_the_time_and_reports_a_refusal_with_its_field() {
        answers.put("POST /policy/v1/as-of/summary", "{\"errors\":[{\"type\":\"validation\",\"message\":\"is in the future\","
                + "\"field\":\"asOf.time\"}]}");
        statuses.put("POST /policy/v1/as-of/summary", 422);

        assertThat(run("replay", "--workspace", "ws_1", "--until", "2999-01-01T00:00:00Z")).isEqualTo(BootstrapCommand.FAILED);

        assertThat(calls.get(0)).contains("\"asOf\":{\"time\":\"2999-01-01T00:00:00Z\"}");
        assertThat(err.toString()).contains("HTTP 422 is in the future (asOf.time)");
    }

    private static String replayStatus(String state, long read, long total, long applied, String result) {
        return "{\"data\":{\"id\":\"rpl_1\",\"asOf\":\"2026-01-31T12:00:00Z\",\"state\":\"" + state
                + "\",\"recordsRead\":" + read + ",\"recordsTotal\":" + total + ",\"eventsApplied\":" + applied
                + ",\"recordsPerSecond\":1000,\"error\":" + (state.equals("FAILED") ? "\"KafkaException: broker down\"" : "null")
                + ",\"result\":" + result + "}}";
    }

    @Test
    void replay_all_starts_then_follows_the_progress_and_prints_the_totals_and_every_workspace() {
        answers.put("POST /policy/v1/as-of/replays", replayStatus("RUNNING", 0, 0, 0, "null"));
        statuses.put("POST /policy/v1/as-of/replays", 202);
        sequences.put("GET /policy/v1/as-of/replays/rpl_1", new java.util.ArrayDeque<>(List.of(
                replayStatus("RUNNING", 500, 2000, 400, "null"),
                replayStatus("DONE", 2000, 2000, 1600, "{\"totals\":{\"workspaces\":2,\"members\":5,\"owners\":2,"
                        + "\"groups\":1,\"grants\":7,\"resources\":4,\"tokens\":1},\"workspaces\":["
                        + "{\"workspaceId\":\"ws_1\",\"members\":4,\"owners\":1,\"groups\":1,\"grants\":7,"
                        + "\"resources\":3,\"tokens\":1},{\"workspaceId\":\"ws_long_name\",\"members\":1,"
                        + "\"owners\":1,\"groups\":0,\"grants\":0,\"resources\":1,\"tokens\":0}]}"))));

        assertThat(run("replay", "--all", "--until", "2026-01-31T12:00:00Z", "--interval-ms", "10")).isZero();

        assertThat(calls.get(0)).startsWith("POST /policy/v1/as-of/replays auth=Bearer iamt_owner")
                .contains("{\"asOf\":{\"time\":\"2026-01-31T12:00:00Z\"}}").doesNotContain("workspaceId");
        assertThat(calls).hasSize(3);
        assertThat(calls.get(1)).startsWith("GET /policy/v1/as-of/replays/rpl_1");
        assertThat(err.toString()).contains("replay rpl_1 RUNNING: 500/2000 records (25%), 400 events applied, 1000 records/s",
                "replay rpl_1 DONE: 2000/2000 records (100%)", "Replayed: 2000 records read, 1600 events applied, 2 workspace(s)");
        assertThat(out.toString()).contains("every workspace as of 2026-01-31T12:00:00Z: 2 workspace(s)",
                "members   5 (owners 2)", "grants    7", "tokens    1");
        assertThat(out.toString().lines().filter(l -> l.startsWith("ws_") || l.startsWith("workspace ")))
                .containsExactly(
                        "workspace     members   owners   groups   grants  resources   tokens",
                        "ws_1                4        1        1        7          3        1",
                        "ws_long_name        1        1        0        0          1        0");
    }

    @Test
    void replay_all_reports_a_refusal_and_a_failed_replay() {
        answers.put("POST /policy/v1/as-of/replays", "{\"errors\":[{\"type\":\"validation\",\"message\":"
                + "\"Positions are per workspace\",\"field\":\"asOf.positions\"}]}");
        statuses.put("POST /policy/v1/as-of/replays", 422);
        assertThat(run("replay", "--all", "--until", "identity=3")).isEqualTo(BootstrapCommand.FAILED);
        assertThat(err.toString()).contains("Replay refused: HTTP 422 Positions are per workspace (asOf.positions)");
        assertThat(calls.get(0)).contains("{\"asOf\":{\"positions\":{\"identity\":3}}}");

        answers.put("POST /policy/v1/as-of/replays", replayStatus("RUNNING", 0, 0, 0, "null"));
        statuses.put("POST /policy/v1/as-of/replays", 202);
        answers.put("GET /policy/v1/as-of/replays/rpl_1", replayStatus("FAILED", 10, 2000, 5, "null"));
        assertThat(run("replay", "--all", "--until", "2026-01-31T12:00:00Z", "--interval-ms", "10"))
                .isEqualTo(BootstrapCommand.FAILED);
        assertThat(err.toString()).contains("Replay failed: KafkaException: broker down");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void replay_takes_either_a_workspace_or_all_of_them() {
        assertThat(run("replay", "--all", "--workspace", "ws_1", "--until", "2026-01-31T12:00:00Z"))
                .isEqualTo(Iamctl.USAGE);
        assertThat(err.toString()).contains("mutually exclusive");
        assertThat(run("replay", "--until", "2026-01-31T12:00:00Z")).isEqualTo(Iamctl.USAGE);
        assertThat(err.toString()).contains("Missing required argument");
        assertThat(calls).isEmpty();
    }

    @Test
    void who_can_asks_the_live_lookup_or_the_as_of_one() {
        answers.put("POST /policy/v1/lookup-subjects", "{\"data\":{\"subjects\":[{\"type\":\"USER\",\"id\":\"bob\"}]}}");
        answers.put("POST /policy/v1/as-of/lookup-subjects", "{\"data\":{\"subjects\":[{\"type\":\"USER\",\"id\":\"ada\"},"
                + "{\"type\":\"TOKEN\",\"id\":\"tok_1\"}]}}");

        assertThat(run("who-can", "--workspace", "ws_1", "--action", "source.update", "--resource", "source:src_1")).isZero();
        assertThat(out.toString()).isEqualTo("USER:bob" + System.lineSeparator());
        assertThat(calls.get(0)).startsWith("POST /policy/v1/lookup-subjects")
                .contains("\"permission\":\"source.update\"", "\"resource\":{\"type\":\"SOURCE\",\"id\":\"src_1\"}")
                .doesNotContain("asOf");

        out.getBuffer().setLength(0);
        assertThat(run("who-can", "--workspace", "ws_1", "--action", "source.update", "--resource", "SOURCE:src_1",
                "--at", "2026-01-01T00:00:00Z")).isZero();
        assertThat(out.toString()).contains("USER:ada", "TOKEN:tok_1").doesNotContain("bob");
        assertThat(calls.get(1)).startsWith("POST /policy/v1/as-of/lookup-subjects")
                .contains("\"asOf\":{\"time\":\"2026-01-01T00:00:00Z\"}");
    }

    @Test
    void a_resource_without_type_and_id_is_a_usage_error_not_a_stack_trace() {
        assertThat(run("who-can", "--workspace", "ws_1", "--action", "source.update", "--resource", "src_1"))
                .isEqualTo(Iamctl.USAGE);
        assertThat(err.toString()).contains("Give the resource as TYPE:ID").doesNotContain("at io.iamsuite");
    }

    @Test
    void why_prints_the_verdict_and_its_paths() {
        answers.put("POST /policy/v1/as-of/explain", "{\"data\":{\"allowed\":true,\"reason\":\"ada is an owner\","
                + "\"paths\":[{\"text\":\"owner of the workspace\"}],\"misses\":[]}}");
        answers.put("POST /policy/v1/explain", "{\"data\":{\"allowed\":false,\"reason\":\"no grant\",\"paths\":[],"
                + "\"misses\":[{\"text\":\"Source Admin on SOURCE:src_2\"}]}}");

        assertThat(run("why", "--workspace", "ws_1", "--subject", "user:ada", "--action", "source.update",
                "--resource", "SOURCE:src_1", "--at", "identity=1")).isZero();
        assertThat(out.toString()).contains("ALLOWED as of identity=1: ada is an owner", "via owner of the workspace");
        assertThat(calls.get(0)).contains("\"subject\":{\"type\":\"USER\",\"id\":\"ada\"}",
                "\"asOf\":{\"positions\":{\"identity\":1}}");

        out.getBuffer().setLength(0);
        assertThat(run("why", "--workspace", "ws_1", "--subject", "USER:ada", "--action", "source.update",
                "--resource", "SOURCE:src_1")).isZero();
        assertThat(out.toString()).contains("DENIED: no grant", "miss Source Admin on SOURCE:src_2");
        assertThat(calls.get(1)).startsWith("POST /policy/v1/explain");
    }

    @Test
    void diff_sends_both_points_and_prints_gains_and_losses() {
        answers.put("POST /policy/v1/as-of/diff", "{\"data\":{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"{identity=3}\","
                + "\"added\":[{\"subject\":{\"type\":\"USER\",\"id\":\"bob\"},\"resource\":{\"type\":\"SOURCE\",\"id\":\"src_1\"},"
                + "\"permission\":\"source.update\"}],\"removed\":[{\"subject\":{\"type\":\"USER\",\"id\":\"ada\"},"
                + "\"resource\":{\"type\":\"SOURCE\",\"id\":\"src_1\"},\"permission\":\"source.update\"}]}}");

        assertThat(run("diff", "--workspace", "ws_1", "--from", "2026-01-01T00:00:00Z", "--to", "identity=3",
                "--type", "source")).isZero();

        assertThat(calls.get(0)).startsWith("POST /policy/v1/as-of/diff")
                .contains("\"from\":{\"time\":\"2026-01-01T00:00:00Z\"}", "\"to\":{\"positions\":{\"identity\":3}}",
                        "\"resourceType\":\"SOURCE\"").doesNotContain("permission");
        assertThat(out.toString()).isEqualTo("+ USER:bob source.update SOURCE:src_1" + System.lineSeparator()
                + "- USER:ada source.update SOURCE:src_1" + System.lineSeparator());
        assertThat(err.toString()).contains("1 gained, 1 lost");
    }

    private static String rebuildStatus(String state, long read, long total, long applied) {
        return "{\"data\":{\"state\":\"" + state + "\",\"recordsRead\":" + read + ",\"recordsTotal\":" + total
                + ",\"eventsApplied\":" + applied + ",\"recordsPerSecond\":1000,\"handovers\":1,\"error\":"
                + (state.equals("FAILED") ? "\"KafkaException: broker down\"" : "null") + "}}";
    }

    @Test
    void rebuild_starts_then_follows_the_progress_until_swapped() {
        answers.put("POST /policy/v1/admin/rebuild", rebuildStatus("REPLAYING", 0, 0, 0));
        statuses.put("POST /policy/v1/admin/rebuild", 202);
        sequences.put("GET /policy/v1/admin/rebuild", new java.util.ArrayDeque<>(List.of(
                rebuildStatus("REPLAYING", 500, 2000, 400), rebuildStatus("CATCHING_UP", 2000, 2000, 1600),
                rebuildStatus("SWAPPED", 2010, 2010, 1608))));

        assertThat(run("rebuild", "--interval-ms", "10")).isZero();

        assertThat(calls.get(0)).startsWith("POST /policy/v1/admin/rebuild auth=Bearer iamt_owner");
        assertThat(calls).hasSize(4);
        assertThat(err.toString()).contains("rebuild REPLAYING: 500/2000 records (25%), 400 events applied",
                "rebuild CATCHING_UP: 2000/2000 records (100%)", "rebuild SWAPPED");
        assertThat(out.toString()).contains("Rebuilt and swapped in: 1608 events applied from 2010 records");
    }

    @Test
    void rebuild_follows_a_running_one_and_reports_a_failure() {
        answers.put("POST /policy/v1/admin/rebuild", "{\"errors\":[{\"type\":\"conflict\",\"message\":\"running\"}]}");
        statuses.put("POST /policy/v1/admin/rebuild", 409);
        answers.put("GET /policy/v1/admin/rebuild", rebuildStatus("FAILED", 10, 2000, 5));

        assertThat(run("rebuild", "--interval-ms", "10")).isEqualTo(BootstrapCommand.FAILED);

        assertThat(err.toString()).contains("A rebuild is running already; following it",
                "Rebuild failed, the old projection stays: KafkaException: broker down");
    }

    @Test
    void rebuild_refused_to_a_non_operator_says_why() {
        answers.put("POST /policy/v1/admin/rebuild", "{\"errors\":[{\"type\":\"forbidden\",\"message\":\"operator only\"}]}");
        statuses.put("POST /policy/v1/admin/rebuild", 403);

        assertThat(run("rebuild")).isEqualTo(BootstrapCommand.FAILED);
        assertThat(err.toString()).contains("Rebuild refused: HTTP 403 operator only");
        assertThat(calls).hasSize(1);
    }

    private static final String STORED = "{\"data\":{\"id\":7,\"takenAt\":\"2026-11-28T01:00:00Z\",\"eventsApplied\":107588,"
            + "\"sizeBytes\":4535991,\"uncompressedBytes\":20799589,\"takeMillis\":1443}}";

    @Test
    void snapshot_asks_for_one_and_prints_what_was_stored() {
        answers.put("POST /policy/v1/admin/snapshot", STORED);
        statuses.put("POST /policy/v1/admin/snapshot", 201);

        assertThat(run("snapshot")).isZero();

        assertThat(calls).singleElement().asString()
                .startsWith("POST /policy/v1/admin/snapshot?waitSeconds=20 auth=Bearer iamt_owner");
        assertThat(out.toString()).contains("Snapshot #7 stored: 107,588 events applied, 4,535,991 bytes "
                + "(20,799,589 uncompressed), taken in 1443 ms");
    }

    @Test
    void snapshot_asks_again_while_the_consumer_is_busy() {
        statuses.put("POST /policy/v1/admin/snapshot", 202);
        sequences.put("POST /policy/v1/admin/snapshot", new java.util.ArrayDeque<>(List.of(
                "{\"data\":{\"enabled\":true,\"requestWaiting\":true,\"lastStored\":null}}", STORED)));
        // the stand-in answers 202 to the first call; the second gets the stored snapshot with 201
        server.removeContext("/");
        server.createContext("/", exchange -> {
            if (calls.size() == 1) {
                statuses.put("POST /policy/v1/admin/snapshot", 201);
            }
            answer(exchange);
        });

        assertThat(run("snapshot")).isZero();

        assertThat(calls).hasSize(2);
        assertThat(err.toString()).contains("snapshot: waiting 0s for policy-service's consumer");
        assertThat(out.toString()).contains("Snapshot #7 stored");
    }

    @Test
    void snapshot_reports_a_refusal() {
        answers.put("POST /policy/v1/admin/snapshot", "{\"errors\":[{\"type\":\"conflict\",\"message\":"
                + "\"Snapshots are off (iam.snapshot.enabled=false)\",\"field\":\"snapshot\"}]}");
        statuses.put("POST /policy/v1/admin/snapshot", 409);

        assertThat(run("snapshot")).isEqualTo(BootstrapCommand.FAILED);

        assertThat(err.toString()).contains("Snapshot refused: HTTP 409 Snapshots are off (iam.snapshot.enabled=false) (snapshot)");
    }
}
