package io.iamsuite.e2e;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.iamsuite.e2e.Api.atLeastAsFresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restart (issue 6's acceptance): under write load (a thread adding owners and members through the gateway),
 * policy-service is killed with SIGKILL once it has snapshotted, and started again. It must start from its snapshot
 * (the start-up log says which), become ready, and then answer like a replay of everything: every member written
 * before, during and after the restart is allowed exactly if an owner. Prints the time from the kill to ready.
 */
@ExtendWith(RunningSuite.class)
class PolicyRestartTest {
    private static final Pattern TAKEN = Pattern.compile("Projection snapshot #(\\d+) taken");
    private static final Pattern LOADED = Pattern.compile("Loaded projection snapshot #(\\d+) in (\\d+) ms");
    private static final Pattern CAUGHT_UP = Pattern.compile("Projection caught up: .*");

    private final Api api;
    private final Path log;

    PolicyRestartTest(Suite suite) {
        this.api = new Api(suite);
        this.log = suite.logDir() == null ? null : suite.logDir().resolve("policy-service.log");
    }

    @Test
    void afterKill9UnderWriteLoadItStartsFromItsSnapshotAndAnswersLikeAReplay() throws Exception {
        assertThat(log).as("the suite's log directory (a suite this JVM starts)").isNotNull();
        Api.Workspace workspace = api.createWorkspace();
        String run = Api.unique();
        Api.Member first = api.addMember(workspace.id(), "first-" + run + "@example.com", "OWNER");
        assertThat(api.check(workspace.id(), first.id(), atLeastAsFresh(first.token()))).isTrue();

        List<Api.Member> written = Collections.synchronizedList(new ArrayList<>(List.of(first)));
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            Random random = new Random();
            for (int i = 0; writing.get(); i++) {
                String role = random.nextBoolean() ? "OWNER" : "MEMBER";
                try {
                    Response response = api.postMember(workspace.id(),
                            Api.memberBody("restart-" + i + "-" + run + "@example.com", "Restart " + i, role));
                    if (response.statusCode() == 201) {
                        written.add(Api.member(response));
                    } else {
                        failures.add("#" + i + " -> " + response.statusCode() + " " + response.asString());
                    }
                } catch (RuntimeException e) {
                    failures.add("#" + i + " -> " + e);
                }
            }
        }, "restart-test-writer");
        writer.start();
        try {
            // A snapshot taken after the writes began, so it covers some (the e2e suite snapshots every 5 s).
            long snapshotBefore = snapshotId(lastMatch(TAKEN));
            await("policy-service snapshots under write load").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> written.size() > 20 && snapshotId(lastMatch(TAKEN)) > snapshotBefore);
            int beforeKill = written.size();

            Duration restart = RunningSuite.killAndRestart("policy-service");

            Matcher loaded = lastMatch(LOADED);
            assertThat(loaded).as("the restarted policy-service's log says it loaded a snapshot:\n%s", tail()).isNotNull();
            Matcher caughtUp = lastMatch(CAUGHT_UP);
            // Writes go on after the restart too: wait until some more have been answered.
            int afterRestart = written.size();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> written.size() >= afterRestart + 10);
            writing.set(false);
            writer.join(30_000);
            System.out.printf("[e2e] policy-service kill -9 -> ready: %.1f s (snapshot #%s loaded in %s ms; "
                            + "%d members written before the kill, %d in all)%n", restart.toMillis() / 1000.0,
                    loaded.group(1), loaded.group(2), beforeKill, written.size());
            if (caughtUp != null) {
                System.out.printf("[e2e] policy-service after the restart: %s%n", caughtUp.group());
            }
            assertThat(written.size()).isGreaterThan(beforeKill);
        } finally {
            writing.set(false);
            writer.join(30_000);
        }

        assertThat(failures).as("writes through the gateway while policy-service restarted").isEmpty();
        List<String> wrong = new ArrayList<>();
        List<Api.Member> members;
        synchronized (written) {
            members = List.copyOf(written);
        }
        for (Api.Member member : members) {
            boolean allowed = api.check(workspace.id(), member.id(), atLeastAsFresh(member.token()));
            if (allowed != member.owner()) {
                wrong.add(member.role() + " " + member.id() + " -> allowed=" + allowed);
            }
        }
        assertThat(wrong).as("checks after the restart that differ from the writes (%d members)", members.size())
                .isEmpty();
    }

    /**
     * The operator's "snapshot now" through the gateway (`iamctl snapshot` before a planned restart): answered 201
     * once stored, holding at least every event applied before the request, and the service's log names it.
     */
    @Test
    void anOperatorSnapshotThroughTheGatewayIsStoredBeforeTheAnswer() {
        Api.Workspace workspace = api.createWorkspace();
        Api.Member owner = api.addMember(workspace.id(), "snap-" + Api.unique() + "@example.com", "OWNER");
        assertThat(api.check(workspace.id(), owner.id(), atLeastAsFresh(owner.token()))).isTrue();

        Response answer = api.bare().post("/policy/v1/admin/snapshot?waitSeconds=50");

        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(201);
        long id = answer.jsonPath().getLong("data.id");
        assertThat(answer.jsonPath().getLong("data.eventsApplied")).isPositive();
        assertThat(answer.jsonPath().getLong("data.sizeBytes")).isPositive();
        assertThat(api.bare().get("/policy/v1/admin/snapshot").jsonPath().getLong("data.lastStored.id")).isEqualTo(id);
        if (log != null) {
            await("the log line of snapshot #" + id).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> lines().stream().anyMatch(line -> line.contains("Projection snapshot #" + id + " taken")));
        }
        assertThat(api.bare().post("/policy/v1/admin/snapshot?waitSeconds=later").statusCode()).isEqualTo(422);
    }

    private static long snapshotId(Matcher taken) {
        return taken == null ? 0 : Long.parseLong(taken.group(1));
    }

    private Matcher lastMatch(Pattern pattern) {
        Matcher last = null;
        for (String line : lines()) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                last = m;
            }
        }
        return last;
    }

    private List<String> lines() {
        try {
            return Files.isRegularFile(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tail() {
        List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
