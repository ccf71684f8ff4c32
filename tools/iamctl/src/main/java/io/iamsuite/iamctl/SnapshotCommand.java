package io.iamsuite.iamctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Takes a snapshot of policy-service's projection now (operator only: {@code POST /policy/v1/admin/snapshot}), for
 * example before a planned restart, and waits until it is stored. Each call waits up to 20 s in the service (within
 * the client's 30 s request timeout); while the consumer is catching up or writing the previous snapshot the call is
 * made again, which joins the waiting request or, once it was taken up, asks for a later snapshot: either covers
 * every event applied before the first call.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Takes a snapshot of policy-service's projection now and waits until it is stored (a restart "
                + "then loads it and reads only the records after it). Needs the operator secret.")
public class SnapshotCommand implements Callable<Integer> {
    static final int WAIT_PER_CALL_SECONDS = 20;

    @Mixin
    PolicyOptions policy;

    @Option(names = "--timeout-s", defaultValue = "600", description = "Give up waiting after this long (s)")
    long timeoutSeconds;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SuiteClient client = policy.client();
        long began = System.nanoTime();
        long deadline = began + timeoutSeconds * 1_000_000_000L;
        while (true) {
            SuiteClient.Answer answer = client.post(policy.base(),
                    "/policy/v1/admin/snapshot?waitSeconds=" + WAIT_PER_CALL_SECONDS, Map.of(), null);
            if (answer.status() == 201) {
                JsonNode stored = answer.body().path("data");
                out.printf("Snapshot #%d stored: %,d events applied, %,d bytes (%,d uncompressed), taken in %d ms%n",
                        stored.path("id").asLong(), stored.path("eventsApplied").asLong(),
                        stored.path("sizeBytes").asLong(), stored.path("uncompressedBytes").asLong(),
                        stored.path("takeMillis").asLong());
                out.flush();
                return 0;
            }
            if (answer.status() != 202) {
                err.println("Snapshot refused: " + answer.errorMessage());
                return BootstrapCommand.FAILED;
            }
            long waited = (System.nanoTime() - began) / 1_000_000_000L;
            if (System.nanoTime() > deadline) {
                err.println("No snapshot stored after " + waited + "s; the request stays with the service "
                        + "(GET /policy/v1/admin/snapshot shows when it is stored)");
                return BootstrapCommand.FAILED;
            }
            err.println("snapshot: waiting " + waited + "s for policy-service's consumer (catching up, or writing "
                    + "the previous snapshot)");
            err.flush();
        }
    }
}
