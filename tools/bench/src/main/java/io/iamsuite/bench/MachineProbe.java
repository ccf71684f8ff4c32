package io.iamsuite.bench;

/**
 * How fast this machine serves memory and computes at the moment, printed as one line for {@code machine.md}
 * (run-peers.sh runs it before and after the in-process part). Our check is a short chain of dependent memory reads
 * and the peers' checks are mostly computation, so a run's ratios belong to its machine's memory and arithmetic: the
 * readings in docs/benchmarks.md compare machines by these figures. They record the machine around the in-process
 * part; they do not predict one fork (on a noisy machine a fork's p50 moved with no relation to them).
 *
 * <ul>
 *   <li>A dependent read: a walk of one pseudo-random cycle through an {@code int[]}, each step reading
 *       the index of the next, so no read can start before the one before it ends. 4 MiB is past a core's own caches
 *       and within the shared one of the machines seen here; 256 MiB is past every cache (memory, and the TLB).</li>
 *   <li>Compute: a xorshift step, dependent arithmetic that touches no memory.</li>
 * </ul>
 *
 * Each figure is the median of 5 repetitions. Usage: {@code MachineProbe LABEL}.
 */
public final class MachineProbe {
    private static final int REPETITIONS = 5;
    private static long sink;

    private MachineProbe() {
    }

    public static void main(String[] args) {
        String label = args.length > 0 ? String.join(" ", args) : "now";
        double shared = readNanos(4 << 20, 4_000_000);
        double memory = readNanos(256 << 20, 1_000_000);
        double step = computeNanos(50_000_000);
        System.out.printf("Machine probe (%s): a dependent read %.1f ns in 4 MiB, %.1f ns in 256 MiB; a xorshift step "
                + "%.2f ns (medians of %d; `io.iamsuite.bench.MachineProbe`).%n", label, shared, memory,
                step, REPETITIONS);
        if (sink == 42) {
            System.out.println();   // keeps the walks' results alive
        }
    }

    /** Median nanoseconds per read of a walk of {@code hops} steps through the {@link #cycle} of {@code bytes}. */
    static double readNanos(int bytes, int hops) {
        int[] next = cycle(bytes / Integer.BYTES);
        double[] times = new double[REPETITIONS];
        int at = 0;
        walk(next, at, hops);   // warm-up: compiled, pages touched
        for (int r = 0; r < REPETITIONS; r++) {
            long start = System.nanoTime();
            at = walk(next, at, hops);
            times[r] = (System.nanoTime() - start) / (double) hops;
        }
        sink += at;
        return Report.median(times);
    }

    /**
     * {@code n} slots (a power of two) each holding the next slot of one cycle through all of them: i -> a*i + c mod n
     * with a = 1 mod 4 and c odd (Hull-Dobell), an order the prefetchers do not follow, built in one sequential pass.
     */
    static int[] cycle(int n) {
        if (n <= 0 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("n must be a power of two: " + n);
        }
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = (int) ((i * 0x5DEECE66DL + 11) & (n - 1));
        }
        return next;
    }

    private static int walk(int[] next, int from, int hops) {
        int at = from;
        for (int i = 0; i < hops; i++) {
            at = next[at];
        }
        return at;
    }

    /** Median nanoseconds per xorshift step over {@code steps} steps. */
    static double computeNanos(int steps) {
        double[] times = new double[REPETITIONS];
        long x = 88172645463325252L;
        x = xorshift(x, steps / 10);   // warm-up
        for (int r = 0; r < REPETITIONS; r++) {
            long start = System.nanoTime();
            x = xorshift(x, steps);
            times[r] = (System.nanoTime() - start) / (double) steps;
        }
        sink += x;
        return Report.median(times);
    }

    private static long xorshift(long seed, int steps) {
        long x = seed;
        for (int i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
