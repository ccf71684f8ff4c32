package io.iamsuite.iamctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Replays a workspace's log to a point (policy-service's {@code POST /policy/v1/as-of/summary}) and prints what the
 * workspace held then; or, with {@code --all}, every workspace to a time ({@code POST /policy/v1/as-of/replays},
 * operator only), following the replay ({@code GET .../{replayId}}) with its records read of the total on stderr
 * until it is done, then printing the totals and one line per workspace.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays a workspace (or --all of them) to a point of the log and prints what it held then "
                + "(members, groups, grants, resources, tokens).")
public class ReplayCommand implements Callable<Integer> {
    @Mixin
    PolicyOptions policy;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    /** One workspace, or all of them. */
    static final class Scope {
        @Option(names = "--workspace", required = true, description = "The workspace's id")
        String workspace;

        @Option(names = "--all", required = true,
                description = "Every workspace (needs the operator secret; --until must be a time)")
        boolean all;
    }

    @Option(names = "--until", required = true,
            description = "An ISO-8601 time (2026-01-31T12:00:00Z) or positions (identity=3,resource=2,token=1)")
    String until;

    @Option(names = "--interval-ms", defaultValue = "1000", description = "With --all: how often to ask for progress (ms)")
    long intervalMs;

    @Option(names = "--timeout-s", defaultValue = "3600", description = "With --all: give up following after this long (s)")
    long timeoutSeconds;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return scope.all ? replayAll() : replayWorkspace(scope.workspace);
    }

    private int replayWorkspace(String workspace) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspaceId", workspace);
        body.put("asOf", PolicyOptions.asOf(until));
        SuiteClient.Answer answer;
        try (Progress ignored = Progress.elapsed(err, "Replaying " + workspace + " until " + until)) {
            answer = policy.client().post(policy.base(), "/policy/v1/as-of/summary", body, null);
        }
        if (answer.status() != 200) {
            err.println("Replay failed: " + answer.errorMessage());
            return BootstrapCommand.FAILED;
        }
        JsonNode data = answer.body().path("data");
        err.println("Replayed: " + data.path("recordsRead").asLong() + " records read, "
                + data.path("eventsApplied").asLong() + " events of " + workspace + " applied");
        out.println("workspace " + data.path("workspaceId").asText() + " as of " + data.path("asOf").asText());
        counts(out, data);
        StringBuilder positions = new StringBuilder();
        data.path("positions").fields().forEachRemaining(e -> positions.append(positions.length() == 0 ? "" : ",")
                .append(e.getKey()).append('=').append(e.getValue().asLong()));
        out.println("  positions " + positions);
        out.flush();
        return 0;
    }

    private int replayAll() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SuiteClient client = policy.client();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asOf", PolicyOptions.asOf(until));
        SuiteClient.Answer started = client.post(policy.base(), "/policy/v1/as-of/replays", body, null);
        if (started.status() != 202 && started.status() != 200) {
            err.println("Replay refused: " + started.errorMessage());
            return BootstrapCommand.FAILED;
        }
        JsonNode status = started.body().path("data");
        String id = status.path("id").asText();
        String path = "/policy/v1/as-of/replays/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (status.path("state").asText().equals("RUNNING")) {
            if (System.nanoTime() > deadline) {
                err.println("Still running after " + timeoutSeconds + "s; it goes on in the service (GET " + path + ")");
                return BootstrapCommand.FAILED;
            }
            Thread.sleep(intervalMs);
            SuiteClient.Answer answer = client.get(policy.base(), path);
            if (answer.status() != 200) {
                err.println("Cannot follow the replay: " + answer.errorMessage());
                return BootstrapCommand.FAILED;
            }
            status = answer.body().path("data");
            err.println(Progress.records("replay " + id, status));
            err.flush();
        }
        if (!status.path("state").asText().equals("DONE")) {
            err.println("Replay failed: " + status.path("error").asText(""));
            return BootstrapCommand.FAILED;
        }
        JsonNode result = status.path("result");
        JsonNode totals = result.path("totals");
        err.println("Replayed: " + status.path("recordsRead").asLong() + " records read, "
                + status.path("eventsApplied").asLong() + " events applied, " + totals.path("workspaces").asLong()
                + " workspace(s)");
        out.println("every workspace as of " + status.path("asOf").asText() + ": " + totals.path("workspaces").asLong()
                + " workspace(s)");
        counts(out, totals);
        int width = "workspace".length();
        for (JsonNode workspace : result.path("workspaces")) {
            width = Math.max(width, workspace.path("workspaceId").asText().length());
        }
        String row = "%-" + width + "s %8s %8s %8s %8s %10s %8s%n";
        out.printf(row, "workspace", "members", "owners", "groups", "grants", "resources", "tokens");
        for (JsonNode workspace : result.path("workspaces")) {
            out.printf(row, workspace.path("workspaceId").asText(), workspace.path("members").asLong(),
                    workspace.path("owners").asLong(), workspace.path("groups").asLong(),
                    workspace.path("grants").asLong(), workspace.path("resources").asLong(),
                    workspace.path("tokens").asLong());
        }
        out.flush();
        return 0;
    }

    private static void counts(PrintWriter out, JsonNode counts) {
        out.println("  members   " + counts.path("members").asLong() + " (owners " + counts.path("owners").asLong() + ")");
        out.println("  groups    " + counts.path("groups").asLong());
        out.println("  grants    " + counts.path("grants").asLong());
        out.println("  resources " + counts.path("resources").asLong());
        out.println("  tokens    " + counts.path("tokens").asLong());
    }
}
