package io.iamsuite.iamctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Who could do what at one point versus another (policy-service's {@code POST /policy/v1/as-of/diff}): prints the
 * accesses gained ({@code +}) and lost ({@code -}), one (subject, action, resource) a line.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Diffs access between two points of a workspace's log: + gained, - lost.")
public class DiffCommand implements Callable<Integer> {
    @Mixin
    PolicyOptions policy;

    @Option(names = "--workspace", required = true, description = "The workspace's id")
    String workspace;

    @Option(names = "--from", required = true, description = "An ISO-8601 time or positions (identity=3,resource=2)")
    String from;

    @Option(names = "--to", required = true, description = "An ISO-8601 time or positions (identity=5,resource=2)")
    String to;

    @Option(names = "--action", description = "Only this action (source.update); default: every action")
    String action;

    @Option(names = "--type", description = "Only the actions on this resource type (SOURCE)")
    String type;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspaceId", workspace);
        body.put("from", PolicyOptions.asOf(from));
        body.put("to", PolicyOptions.asOf(to));
        if (action != null) {
            body.put("permission", action);
        }
        if (type != null) {
            body.put("resourceType", type.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        SuiteClient.Answer answer;
        try (Progress ignored = Progress.elapsed(err, "Replaying " + workspace + " to " + from + " and to " + to)) {
            answer = policy.client().post(policy.base(), "/policy/v1/as-of/diff", body, null);
        }
        if (answer.status() != 200) {
            err.println("diff failed: " + answer.errorMessage());
            return BootstrapCommand.FAILED;
        }
        JsonNode data = answer.body().path("data");
        print(out, "+", data.path("added"));
        print(out, "-", data.path("removed"));
        err.println(data.path("added").size() + " gained, " + data.path("removed").size() + " lost between "
                + data.path("from").asText() + " and " + data.path("to").asText());
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String sign, JsonNode accesses) {
        for (JsonNode access : accesses) {
            out.println(sign + " " + access.path("subject").path("type").asText() + ":"
                    + access.path("subject").path("id").asText() + " " + access.path("permission").asText() + " "
                    + access.path("resource").path("type").asText() + ":" + access.path("resource").path("id").asText());
        }
    }
}
