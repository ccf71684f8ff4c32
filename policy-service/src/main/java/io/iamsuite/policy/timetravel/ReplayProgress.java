package io.iamsuite.policy.timetravel;

import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a replay of the log has come: records read of the total the topics held when it started, events applied,
 * and the rate. {@link #tick} logs a progress line at most every {@code every} milliseconds, so a long replay says
 * where it is without flooding the log.
 */
public final class ReplayProgress {
    private static final Logger LOG = Logger.getLogger(ReplayProgress.class);

    private final String what;
    private final long startedAt = System.nanoTime();
    private final long everyMillis;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private volatile long total;
    private volatile long lastLog = System.nanoTime();

    public ReplayProgress(String what, long everyMillis) {
        this.what = what;
        this.everyMillis = everyMillis;
    }

    public void total(long total) {
        this.total = total;
    }

    public long total() {
        return total;
    }

    public long read() {
        return read.get();
    }

    public long applied() {
        return applied.get();
    }

    void record(boolean appliedOne) {
        read.incrementAndGet();
        if (appliedOne) {
            applied.incrementAndGet();
        }
    }

    /** Records read per second since the start. */
    public double rate() {
        double seconds = Math.max(1e-3, (System.nanoTime() - startedAt) / 1e9);
        return read.get() / seconds;
    }

    /** Logs a progress line if the last one is older than the interval. */
    void tick() {
        long now = System.nanoTime();
        if ((now - lastLog) / 1_000_000 >= everyMillis) {
            lastLog = now;
            log("progress");
        }
    }

    public void log(String stage) {
        LOG.infof("Replay %s %s: %d/%d records read, %d events applied, %.0f records/s", what, stage, read.get(),
                total, applied.get(), rate());
    }
}
