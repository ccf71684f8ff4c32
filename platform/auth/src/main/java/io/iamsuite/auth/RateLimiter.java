package io.iamsuite.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-token write budget: a fixed window of one minute. Cheap (one map lookup, one synchronized block per
 * token) and exact enough for abuse control; the window resets at {@link Decision#resetAtMillis()}.
 */
public final class RateLimiter {
    private static final long WINDOW_MILLIS = 60_000;

    public record Decision(boolean allowed, int limit, int remaining, long resetAtMillis) {
        public long secondsUntilReset(long nowMillis) {
            return Math.max(1, (resetAtMillis - nowMillis + 999) / 1000);
        }
    }

    private static final class Window {
        long start;
        int used;
    }

    private final int limit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(int limit) {
        this.limit = limit;
    }

    public boolean enabled() {
        return limit > 0;
    }

    public Decision acquire(String key, long nowMillis) {
        Window window = windows.computeIfAbsent(key, k -> new Window());
        synchronized (window) {
            if (nowMillis - window.start >= WINDOW_MILLIS) {
                window.start = nowMillis;
                window.used = 0;
            }
            long reset = window.start + WINDOW_MILLIS;
            if (window.used >= limit) {
                return new Decision(false, limit, 0, reset);
            }
            window.used++;
            return new Decision(true, limit, limit - window.used, reset);
        }
    }
}
