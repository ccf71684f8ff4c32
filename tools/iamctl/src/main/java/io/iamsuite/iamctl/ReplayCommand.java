package io.iamsuite.iamctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Replays a workspace's log to a point (policy-service's {@code POST /policy/v1/as-of/summary}) and prints what the
 * workspace held then. The replay runs in the service; stderr shows it running.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays a workspace to a point of its log and prints what it held then (members, groups, "
                + "grants, resources, tokens).")
public class ReplayCommand implements Callable<Integer> {
    @Mixin
    PolicyOptions policy;

    @Option(names = "--workspace", required = true, description = "The workspace's id")
    String workspace;

    @Option(names = "--until", required = true,
            description = "An ISO-8601 time (2026-01-31T12:00:00Z) or positions (identity=3,resource=2,token=1)")
    String until;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
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
        out.println("  members   " + data.path("members").asLong() + " (owners " + data.path("owners").asLong() + ")");
        out.println("  groups    " + data.path("groups").asLong());
        out.println("  grants    " + data.path("grants").asLong());
        out.println("  resources " + data.path("resources").asLong());
        out.println("  tokens    " + data.path("tokens").asLong());
        StringBuilder positions = new StringBuilder();
        data.path("positions").fields().forEachRemaining(e -> positions.append(positions.length() == 0 ? "" : ",")
                .append(e.getKey()).append('=').append(e.getValue().asLong()));
        out.println("  positions " + positions);
        out.flush();
        return 0;
    }
}
