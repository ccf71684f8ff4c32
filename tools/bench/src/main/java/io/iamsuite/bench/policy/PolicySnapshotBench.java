package io.iamsuite.bench.policy;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.audit.AuditTrail;
import io.iamsuite.policy.snapshot.Snapshots;

import java.util.Arrays;

/**
 * policy-service's snapshot of the {@link PolicyDataset} (projection and audit trail, as the consumer holds them):
 * serialize (what pauses the consumer), compress (the writer thread), decode (what a start costs before consuming
 * the records after the snapshot), sizes; {@code --rounds} times, medians; then checks that the decoded projection
 * dumps like the original.
 *
 * <pre>java -Xms4g -Xmx4g -cp ... io.iamsuite.bench.policy.PolicySnapshotBench [--workspaces 1000] [--rounds 3]</pre>
 */
public final class PolicySnapshotBench {
    public static void main(String[] args) throws Exception {
        int workspaces = intArg(args, "--workspaces", 1000);
        int rounds = intArg(args, "--rounds", 3);
        PolicyDataset dataset = new PolicyDataset(workspaces, 42, RoleCatalogue.load());
        Projection projection = new Projection();
        AuditTrail audit = new AuditTrail(100_000);
        long t0 = System.nanoTime();
        dataset.generate(event -> {
            if (projection.apply(event)) {
                audit.record(event);
            }
        });
        System.out.printf("dataset: %,d events folded (projection + audit trail) in %.1f s%n", dataset.events,
                (System.nanoTime() - t0) / 1e9);
        double[] serialize = new double[rounds];
        double[] compress = new double[rounds];
        double[] decode = new double[rounds];
        byte[] state = null;
        Projection restored = null;
        for (int r = 0; r < rounds; r++) {
            long a = System.nanoTime();
            byte[] raw = Snapshots.serialize(projection, audit);
            long b = System.nanoTime();
            state = Snapshots.compress(raw);
            long c = System.nanoTime();
            restored = new Projection();
            Snapshots.decode(state, restored, new AuditTrail(100_000));
            long d = System.nanoTime();
            serialize[r] = (b - a) / 1e9;
            compress[r] = (c - b) / 1e9;
            decode[r] = (d - c) / 1e9;
            System.out.printf("round %d: serialize %.2f s (%,d bytes), compress %.2f s (%,d bytes), decode %.2f s%n",
                    r + 1, serialize[r], raw.length, compress[r], state.length, decode[r]);
        }
        System.out.printf("median: serialize %.2f s, compress %.2f s, decode %.2f s; stored size %,d bytes%n",
                median(serialize), median(compress), median(decode), state.length);
        System.out.printf("decoded projection dumps like the original: %s%n", restored.dump().equals(projection.dump()));
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
