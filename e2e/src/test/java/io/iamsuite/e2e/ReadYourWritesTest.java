package io.iamsuite.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.iamsuite.e2e.Api.atLeastAsFresh;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes across services: every member addition (identity-service) is immediately followed by a check
 * (policy-service) with the write's consistency token, and the check must already reflect that write.
 * The latency from the write's response to the check's answer is printed (not asserted).
 */
@ExtendWith(RunningSuite.class)
class ReadYourWritesTest {
    private static final int WRITES = 50;

    private final Api api;

    ReadYourWritesTest(Suite suite) {
        this.api = new Api(suite);
    }

    @Test
    void everyCheckReflectsTheWriteBeforeIt() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Api.Workspace workspace = api.createWorkspace();
        String run = Api.unique();
        // The first addition waits until identity-service knows the workspace; it is not measured.
        Api.Member first = api.addMember(workspace.id(), "first-" + run + "@example.com", "OWNER");
        assertThat(api.check(workspace.id(), first.id(), atLeastAsFresh(first.token()))).isTrue();

        long[] latencyMicros = new long[WRITES];
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < WRITES; i++) {
            String role = random.nextBoolean() ? "OWNER" : "MEMBER";
            var response = api.postMember(workspace.id(),
                    Api.memberBody("ryw-" + i + "-" + run + "@example.com", "RYW " + i, role));
            long written = System.nanoTime();
            Api.Member member = Api.member(response);
            boolean allowed = api.check(workspace.id(), member.id(), atLeastAsFresh(member.token()));
            latencyMicros[i] = (System.nanoTime() - written) / 1_000;
            if (allowed != member.owner()) {
                wrong.add("#" + i + " " + role + " " + member.id() + " -> allowed=" + allowed);
            }
        }

        long[] sorted = latencyMicros.clone();
        Arrays.sort(sorted);
        System.out.printf("[e2e] read-your-writes: %d writes (seed %d), write response -> check answer: "
                        + "p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                WRITES, seed, percentile(sorted, 50) / 1000.0, percentile(sorted, 99) / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
        assertThat(wrong).as("checks that did not reflect the write just before them").isEmpty();
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
