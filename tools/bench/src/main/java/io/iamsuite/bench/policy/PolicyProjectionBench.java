package io.iamsuite.bench.policy;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Lookups;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.ResourcePage;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The projection's bulk numbers on the {@link PolicyDataset}: replay rate (events/s folding every event into a new
 * {@link Projection}, {@code --rounds} times, median), heap used by the folded projection alone (after a full GC,
 * with the event list dropped), and a complete LookupResources of {@value PolicyDataset#BIG_USER} (50,000 sources
 * through one label grant) in pages of 1,000 ({@code --rounds} × 5 listings, median).
 *
 * <pre>java -Xms6g -Xmx6g -cp ... io.iamsuite.bench.policy.PolicyProjectionBench [--workspaces 1000] [--rounds 3]</pre>
 */
public final class PolicyProjectionBench {
    public static void main(String[] args) {
        int workspaces = intArg(args, "--workspaces", 1000);
        int rounds = intArg(args, "--rounds", 3);
        RoleCatalogue catalogue = RoleCatalogue.load();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        PolicyDataset dataset = new PolicyDataset(workspaces, 42, catalogue);
        long t0 = System.nanoTime();
        List<EventEnvelope> events = dataset.events();
        System.out.printf("dataset: %,d events (%,d grants, %,d resources) generated in %.1f s%n", dataset.events,
                dataset.grants, dataset.resources, (System.nanoTime() - t0) / 1e9);

        double[] rates = new double[rounds];
        Projection projection = null;
        for (int r = 0; r < rounds; r++) {
            projection = null;
            System.gc();
            projection = new Projection();
            long start = System.nanoTime();
            for (EventEnvelope event : events) {
                projection.apply(event);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            rates[r] = events.size() / seconds;
            System.out.printf("replay %d: %,d events in %.2f s = %,.0f events/s%n", r + 1, events.size(), seconds, rates[r]);
        }
        System.out.printf("replay median: %,.0f events/s%n", median(rates));

        events = null;
        long before = heapAfterGc(memory);
        System.out.printf("heap used with the folded projection only: %,d MiB%n", before / (1024 * 1024));

        Evaluator evaluator = new Evaluator(projection, catalogue);
        Lookups lookups = new Lookups(projection, evaluator);
        List<Double> listings = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < rounds * 5 + 3; i++) {
            long start = System.nanoTime();
            found = 0;
            String after = null;
            do {
                ResourcePage page = lookups.lookupResources(PolicyDataset.BIG, Subject.user(PolicyDataset.BIG_USER),
                        "source.read", ResourceType.SOURCE, after, 1000).orElseThrow();
                found += page.ids().size();
                after = page.next();
            } while (after != null);
            double ms = (System.nanoTime() - start) / 1e6;
            if (i >= 3) {   // the first three warm the JIT
                listings.add(ms);
            }
        }
        double[] ms = listings.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf("lookupResources %s: %,d sources in 50 pages, full listing median %.1f ms (min %.1f, max %.1f)%n",
                PolicyDataset.BIG_USER, found, median(ms), Arrays.stream(ms).min().orElse(0), Arrays.stream(ms).max().orElse(0));
        if (projection.knowsWorkspace("nothing")) {
            System.out.println();   // keeps the projection reachable until here
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
