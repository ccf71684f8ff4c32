package io.iamsuite.policy.admin;

import io.iamsuite.messaging.KafkaTopics;
import io.iamsuite.policy.config.PolicyConfig;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.timetravel.LogReader;
import io.iamsuite.policy.timetravel.ReplayProgress;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Rebuilds the live projection beside the old one: a background thread reads the three event topics from the
 * beginning into a fresh {@link Projection} while the old one keeps answering every read, catches up to exactly the
 * offsets the live consumer has applied, and hands it over through {@link ProjectionSwap}, which swaps it in on the
 * consumer's thread. One rebuild at a time; its progress (records read of the total, events applied, state) is
 * reported by {@link #status()}.
 */
@ApplicationScoped
public class ProjectionRebuilder {
    private static final Logger LOG = Logger.getLogger(ProjectionRebuilder.class);
    /** How long the rebuild tries to meet the live consumer at the same offsets before it gives up. */
    static final java.time.Duration CATCH_UP_TIMEOUT = java.time.Duration.ofMinutes(10);

    public enum State { IDLE, REPLAYING, CATCHING_UP, SWAPPED, FAILED }

    /** What GET /policy/v1/admin/rebuild answers. */
    public record Status(State state, long recordsRead, long recordsTotal, long eventsApplied, double recordsPerSecond,
                         int handovers, Instant startedAt, Instant finishedAt, String error) {
    }

    private final ProjectionSwap swap;
    private final String bootstrapServers;
    private final List<String> topics;
    private volatile State state = State.IDLE;
    private volatile ReplayProgress progress;
    private volatile int handovers;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile String error;
    private volatile Thread thread;

    public ProjectionRebuilder(ProjectionSwap swap, PolicyConfig config,
                               @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
                               String bootstrapServers) {
        this.swap = swap;
        this.bootstrapServers = bootstrapServers;
        this.topics = KafkaTopics.allEvents(config.kafka().namespace());
    }

    /** Starts a rebuild; false if one is running already. */
    public synchronized boolean start() {
        if (state == State.REPLAYING || state == State.CATCHING_UP) {
            return false;
        }
        state = State.REPLAYING;
        progress = new ReplayProgress("of the live projection", 2000);
        handovers = 0;
        startedAt = Instant.now();
        finishedAt = null;
        error = null;
        thread = new Thread(this::run, "projection-rebuild");
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    public Status status() {
        ReplayProgress p = progress;
        return new Status(state, p == null ? 0 : p.read(), p == null ? 0 : p.total(), p == null ? 0 : p.applied(),
                p == null ? 0 : Math.round(p.rate()), handovers, startedAt, finishedAt, error);
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    private void run() {
        Projection rebuilt = new Projection();
        try (LogReader reader = new LogReader(bootstrapServers, topics, "policy-rebuild")) {
            Map<TopicPartition, Long> target = reader.endOffsets();
            progress.total(reader.recordsUpTo(target));
            reader.readExactly(target, rebuilt::apply, progress);
            progress.log("read to the end offsets of the start, catching up with the live consumer");
            state = State.CATCHING_UP;
            long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the live consumer never paused at the offered offsets within "
                            + CATCH_UP_TIMEOUT.toMinutes() + " min");
                }
                handovers++;
                Map<TopicPartition, Long> live;
                try {
                    live = swap.offer(rebuilt, reader.positions()).get(30, TimeUnit.SECONDS);
                } catch (TimeoutException | CancellationException e) {
                    swap.withdraw();
                    continue;   // the consumer is reconnecting, or another offer replaced this one: offer again
                }
                if (live == null) {
                    break;
                }
                if (!reader.reached(live)) {
                    progress.total(reader.recordsUpTo(live));
                    reader.readExactly(live, rebuilt::apply, progress);
                } else {
                    Thread.sleep(50);   // the live consumer is behind the rebuild: let it catch up to it
                }
            }
            state = State.SWAPPED;
            progress.log("swapped in");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        } catch (RuntimeException | java.util.concurrent.ExecutionException e) {
            fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            finishedAt = Instant.now();
        }
    }

    private void fail(String why) {
        swap.withdraw();
        error = why;
        state = State.FAILED;
        LOG.warnf("Rebuild of the live projection failed, the old one stays: %s", why);
    }
}
