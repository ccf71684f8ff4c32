package io.iamsuite.policy.timetravel;

import io.iamsuite.messaging.KafkaTopics;
import io.iamsuite.policy.config.PolicyConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Replays of every workspace to a past time, in the background: a thread reads the three event topics from the
 * beginning to their end at the start into one fresh {@link HistoricalFold} of every workspace, then keeps only
 * what each workspace held ({@link WorkspaceCounts}) and the totals; the projection itself is dropped. Progress
 * (records read of the total, events applied, rate) is in {@link #status} while it runs, as a rebuild's is.
 *
 * <p>One replay runs at a time (each holds a whole projection while it reads); asking for the point of the running
 * one, or of a finished one whose time is settled ({@link HistoricalProjections#SETTLED} in the past), answers that
 * one instead of reading the log again. The last {@value #KEPT} replays are kept (until a restart).
 */
@ApplicationScoped
public class EveryWorkspaceReplays {
    private static final Logger LOG = Logger.getLogger(EveryWorkspaceReplays.class);
    /** Replays kept, finished or not. */
    static final int KEPT = 4;

    public enum State { RUNNING, DONE, FAILED }

    /** Every workspace's counts added up. */
    public record Totals(long workspaces, long members, long owners, long groups, long grants, long resources,
                         long tokens) {
        static Totals of(List<WorkspaceCounts> counts) {
            long members = 0, owners = 0, groups = 0, grants = 0, resources = 0, tokens = 0;
            for (WorkspaceCounts c : counts) {
                members += c.members();
                owners += c.owners();
                groups += c.groups();
                grants += c.grants();
                resources += c.resources();
                tokens += c.tokens();
            }
            return new Totals(counts.size(), members, owners, groups, grants, resources, tokens);
        }
    }

    /** What a finished replay found: the totals and each workspace, in id order. */
    public record Result(Totals totals, List<WorkspaceCounts> workspaces) {
    }

    /** A replay's state and progress; {@code result} once DONE, {@code error} once FAILED. */
    public record Status(String id, String asOf, State state, long recordsRead, long recordsTotal, long eventsApplied,
                         long recordsPerSecond, Instant startedAt, Instant finishedAt, String error, Result result) {
    }

    private final class Replay {
        final String id = "rpl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        final AsOf asOf;
        final ReplayProgress progress;
        final Instant startedAt = Instant.now();
        volatile State state = State.RUNNING;
        volatile Instant finishedAt;
        volatile String error;
        volatile Result result;
        volatile Thread thread;

        Replay(AsOf asOf) {
            this.asOf = asOf;
            this.progress = new ReplayProgress("of every workspace as of " + asOf, 2000);
        }

        Status status() {
            return new Status(id, asOf.toString(), state, progress.read(), progress.total(), progress.applied(),
                    Math.round(progress.rate()), startedAt, finishedAt, error, result);
        }
    }

    private final String bootstrapServers;
    private final List<String> topics;
    private final Map<String, Replay> replays = new LinkedHashMap<>();

    @Inject
    public EveryWorkspaceReplays(PolicyConfig config,
                                 @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
                                 String bootstrapServers) {
        this(bootstrapServers, KafkaTopics.allEvents(config.kafka().namespace()));
    }

    EveryWorkspaceReplays(String bootstrapServers, List<String> topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
    }

    /**
     * Starts a replay of every workspace to the point, or answers the running or settled finished one of that
     * point; empty while a replay to another point runs ({@link #running} names it).
     */
    public synchronized Optional<Status> start(AsOf asOf) {
        Optional<Replay> active = active();
        for (Replay kept : replays.values()) {
            if (kept.asOf.equals(asOf) && (kept.state == State.RUNNING || (kept.state == State.DONE && settled(asOf)))) {
                return Optional.of(kept.status());
            }
        }
        if (active.isPresent()) {
            return Optional.empty();
        }
        Replay replay = new Replay(asOf);
        replays.put(replay.id, replay);
        while (replays.size() > KEPT) {
            replays.remove(replays.keySet().iterator().next());
        }
        Thread thread = new Thread(() -> run(replay), "replay-every-workspace");
        thread.setDaemon(true);
        replay.thread = thread;
        thread.start();
        return Optional.of(replay.status());
    }

    /** The replay's status, if it is one of the kept ones. */
    public synchronized Optional<Status> status(String id) {
        return Optional.ofNullable(replays.get(id)).map(Replay::status);
    }

    /** The running replay, if any. */
    public synchronized Optional<Status> running() {
        return active().map(Replay::status);
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronized (this) {
            active().map(r -> r.thread).ifPresent(Thread::interrupt);
        }
    }

    private Optional<Replay> active() {
        return replays.values().stream().filter(r -> r.state == State.RUNNING).findFirst();
    }

    private static boolean settled(AsOf asOf) {
        return asOf.time() == null || asOf.time().isBefore(Instant.now().minus(HistoricalProjections.SETTLED));
    }

    private void run(Replay replay) {
        try {
            HistoricalFold fold = HistoricalFold.everyWorkspace(replay.asOf);
            try (LogReader reader = new LogReader(bootstrapServers, topics, "policy-replay-all")) {
                Map<TopicPartition, Long> end = reader.endOffsets();
                replay.progress.total(reader.recordsUpTo(end));
                reader.readUntil(end, null, fold::offer, replay.progress);
            }
            List<WorkspaceCounts> counts = new ArrayList<>(fold.workspaces().size());
            for (String workspaceId : fold.workspaces()) {
                WorkspaceCounts.of(fold.projection(), workspaceId).ifPresent(counts::add);
            }
            replay.result = new Result(Totals.of(counts), List.copyOf(counts));
            replay.finishedAt = Instant.now();
            replay.state = State.DONE;
            replay.progress.log("done (" + counts.size() + " workspaces)");
        } catch (RuntimeException e) {
            replay.error = e.getClass().getSimpleName() + ": " + e.getMessage();
            replay.finishedAt = Instant.now();
            replay.state = State.FAILED;
            LOG.warnf("Replay %s of every workspace as of %s failed: %s", replay.id, replay.asOf, replay.error);
        }
    }
}
