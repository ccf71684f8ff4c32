package io.iamsuite.iamctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Every user and token that can do an action on a resource, now or as of a point (lookupSubjects). */
@Command(name = "who-can", mixinStandardHelpOptions = true,
        description = "Lists every user and token that can do an action on a resource, now or --at a past point.")
public class WhoCanCommand implements Callable<Integer> {
    @Mixin
    PolicyOptions policy;

    @Option(names = "--workspace", required = true, description = "The workspace's id")
    String workspace;

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
        body.put("permission", action);
        body.put("resource", PolicyOptions.resource(resource));
        SuiteClient.Answer answer = policy.read("lookup-subjects", body, workspace, at, err);
        if (answer.status() != 200) {
            err.println("who-can failed: " + answer.errorMessage());
            return BootstrapCommand.FAILED;
        }
        JsonNode subjects = answer.body().path("data").path("subjects");
        for (JsonNode subject : subjects) {
            out.println(subject.path("type").asText() + ":" + subject.path("id").asText());
        }
        err.println(subjects.size() + " subject(s) can " + action + " on " + resource
                + (at == null ? " now" : " as of " + at));
        out.flush();
        return 0;
    }
}
