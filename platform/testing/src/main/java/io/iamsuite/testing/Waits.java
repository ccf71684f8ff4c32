package io.iamsuite.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A small bounded poll helper: every wait in this module has a deadline and a message that says what was awaited.
 */
public final class Waits {

    private Waits() {
    }

    /**
     * Polls {@code probe} until it returns a non-null value, or fails with {@code what} once {@code timeout} has passed.
     * Exceptions thrown by the probe count as "not yet"; the last one becomes the cause of the timeout.
     */
    public static <T> T until(String what, Duration timeout, Duration interval, Callable<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            } catch (Exception | LinkageError e) {
                last = e;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                IllegalStateException timeoutError = new IllegalStateException(
                        "Timed out after " + timeout.toMillis() + " ms waiting for " + what
                                + (last == null ? "" : " (last error: " + last + ")"));
                if (last != null) {
                    timeoutError.initCause(last);
                }
                throw timeoutError;
            }
            sleep(Math.min(interval.toNanos(), remaining));
        }
    }

    /** Polls a boolean condition until it holds, or fails once {@code timeout} has passed. */
    public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
        until(what, timeout, Duration.ofMillis(100), () -> Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null);
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
        }
    }
}
