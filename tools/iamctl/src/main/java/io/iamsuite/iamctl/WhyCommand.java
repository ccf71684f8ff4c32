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

/** Whether and why a subject can do an action on a resource, now or as of a point (explain). */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = "Explains whether a subject can do an action on a resource: the grant, group or label path "
                + "that allows, or the closest misses; now or --at a past point.")
public class WhyCommand implements Callable<Integer> {
    @Mixin
    PolicyOptions policy;

    @Option(names = "--workspace", required = true, description = "The workspace's id")
    String workspace;

    @Option(names = "--subject", required = true, description = "USER:ID or TOKEN:ID")
    String subject;

    @Option(names = "--action", required = true, description = "An action of the role catalogue (source.update)")
    String action;

    @Option(names = "--resource", required = true, description = "TYPE:ID, e.g. SOURCE:src_1")
    String resource;

    @Option(names = "--at", description = "A past ISO-8601 time or positions (identity=3,resource=2,token=1); "
            + "default: now (the live projection)")
    String at;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspaceId", workspace);
        Map<String, Object> who = PolicyOptions.resource(subject);
        who.put("type", who.get("type").toString().toUpperCase(Locale.ROOT));
        body.put("subject", who);
        body.put("permission", action);
        body.put("resource", PolicyOptions.resource(resource));
        SuiteClient.Answer answer = policy.read("explain", body, workspace, at, err);
        if (answer.status() != 200) {
            err.println("why failed: " + answer.errorMessage());
            return BootstrapCommand.FAILED;
        }
        JsonNode data = answer.body().path("data");
        out.println((data.path("allowed").asBoolean() ? "ALLOWED" : "DENIED") + (at == null ? "" : " as of " + at)
                + ": " + data.path("reason").asText(""));
        for (JsonNode path2 : data.path("paths")) {
            out.println("  via " + path2.path("text").asText());
        }
        for (JsonNode miss : data.path("misses")) {
            out.println("  miss " + miss.path("text").asText());
        }
        out.flush();
        return 0;
    }
}
