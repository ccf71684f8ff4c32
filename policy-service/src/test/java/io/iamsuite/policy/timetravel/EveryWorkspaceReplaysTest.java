package io.iamsuite.policy.timetravel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One replay of every workspace at a time: the same point joins the running one, another point is refused while it
 * runs, and a replay that cannot read the log ends FAILED with the reason. (No broker: the log reader waits for
 * one, so the replay stays running until it is stopped.)
 */
class EveryWorkspaceReplaysTest {
    private static final AsOf YESTERDAY = AsOf.time(Instant.now().minus(Duration.ofDays(1)));
    private static final AsOf LAST_WEEK = AsOf.time(Instant.now().minus(Duration.ofDays(7)));

    @Test
    void the_running_replay_is_joined_by_the_same_point_and_blocks_another_until_it_ends() {
        EveryWorkspaceReplays replays = new EveryWorkspaceReplays("127.0.0.1:1", List.of("nowhere.identity.events"));

        EveryWorkspaceReplays.Status started = replays.start(YESTERDAY).orElseThrow();
        assertThat(started.state()).isEqualTo(EveryWorkspaceReplays.State.RUNNING);
        assertThat(started.id()).startsWith("rpl_");
        assertThat(started.asOf()).isEqualTo(YESTERDAY.toString());

        assertThat(replays.start(YESTERDAY)).map(EveryWorkspaceReplays.Status::id).contains(started.id());
        assertThat(replays.start(LAST_WEEK)).as("another point while one runs").isEmpty();
        assertThat(replays.running()).map(EveryWorkspaceReplays.Status::id).contains(started.id());
        assertThat(replays.status("rpl_unknown")).isEmpty();

        replays.onStop(null);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                replays.status(started.id()).orElseThrow().state() == EveryWorkspaceReplays.State.FAILED);
        EveryWorkspaceReplays.Status failed = replays.status(started.id()).orElseThrow();
        assertThat(failed.error()).isNotBlank();
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(failed.result()).isNull();
        assertThat(replays.running()).isEmpty();

        EveryWorkspaceReplays.Status again = replays.start(YESTERDAY).orElseThrow();
        assertThat(again.id()).as("a failed replay is not an answer").isNotEqualTo(started.id());
        replays.onStop(null);
    }
}
