package io.iamsuite.iamctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * A progress line on stderr while a long call runs: every {@code everyMillis} it prints what {@code status} says
 * (elapsed time by default), so an operator sees a replay or a rebuild moving; stdout keeps only the answer.
 */
final class Progress implements AutoCloseable {
    private final Thread thread;
    private volatile boolean done;

    Progress(PrintWriter err, String what, long everyMillis, Supplier<String> status) {
        long start = System.nanoTime();
        thread = new Thread(() -> {
            while (!done) {
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
                if (!done) {
                    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                    String extra = status == null ? null : status.get();
                    err.println(what + " ... " + seconds + "s" + (extra == null ? "" : " " + extra));
                    err.flush();
                }
            }
        }, "iamctl-progress");
        thread.setDaemon(true);
        thread.start();
    }

    static Progress elapsed(PrintWriter err, String what) {
        return new Progress(err, what, 1000, null);
    }

    /**
     * A line of a replay the service runs and reports (a rebuild, a replay of every workspace):
     * {@code <what> <state>: read/total records (n%), applied events applied, rate records/s}.
     */
    static String records(String what, JsonNode status) {
        long read = status.path("recordsRead").asLong();
        long total = status.path("recordsTotal").asLong();
        String percent = total == 0 ? "" : String.format(" (%d%%)", Math.min(100, read * 100 / total));
        return what + " " + status.path("state").asText() + ": " + read + "/" + total + " records" + percent + ", "
                + status.path("eventsApplied").asLong() + " events applied, "
                + status.path("recordsPerSecond").asLong() + " records/s";
    }

    @Override
    public void close() {
        done = true;
        thread.interrupt();
    }
}
