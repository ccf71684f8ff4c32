package io.iamsuite.iamctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Rebuilds policy-service's live projection beside the old one (operator only: {@code POST /policy/v1/admin/rebuild})
 * and follows it ({@code GET}) until it is swapped in, printing progress on stderr. A rebuild already running is
 * followed rather than started again.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Rebuilds policy-service's live projection from the event topics beside the old one, which keeps "
                + "answering, and swaps it in when caught up; shows progress. Needs the operator secret.")
public class RebuildCommand implements Callable<Integer> {
    @Mixin
    PolicyOptions policy;

    @Option(names = "--interval-ms", defaultValue = "1000", description = "How often to ask for progress (ms)")
    long intervalMs;

    @Option(names = "--timeout-s", defaultValue = "3600", description = "Give up following after this long (s)")
    long timeoutSeconds;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SuiteClient client = policy.client();
        SuiteClient.Answer started = client.post(policy.base(), "/policy/v1/admin/rebuild", Map.of(), null);
        if (started.status() == 409) {
            err.println("A rebuild is running already; following it");
        } else if (started.status() != 202) {
            err.println("Rebuild refused: " + started.errorMessage());
            return BootstrapCommand.FAILED;
        }
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (true) {
            SuiteClient.Answer answer = client.get(policy.base(), "/policy/v1/admin/rebuild");
            if (answer.status() != 200) {
                err.println("Cannot follow the rebuild: " + answer.errorMessage());
                return BootstrapCommand.FAILED;
            }
            JsonNode status = answer.body().path("data");
            String state = status.path("state").asText();
            err.println(Progress.records("rebuild", status));
            err.flush();
            if (state.equals("SWAPPED")) {
                out.println("Rebuilt and swapped in: " + status.path("eventsApplied").asLong() + " events applied from "
                        + status.path("recordsRead").asLong() + " records, " + status.path("handovers").asLong()
                        + " hand-over(s)");
                out.flush();
                return 0;
            }
            if (state.equals("FAILED")) {
                err.println("Rebuild failed, the old projection stays: " + status.path("error").asText(""));
                return BootstrapCommand.FAILED;
            }
            if (System.nanoTime() > deadline) {
                err.println("Still " + state + " after " + timeoutSeconds + "s; it goes on in the service "
                        + "(iamctl rebuild again follows it)");
                return BootstrapCommand.FAILED;
            }
            Thread.sleep(intervalMs);
        }
    }
}
