package io.iamsuite.bench.policy;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetEvents;
import io.iamsuite.bench.dataset.DatasetGenerator;
import io.iamsuite.bench.dataset.DatasetSpec;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.audit.AuditTrail;
import io.iamsuite.policy.snapshot.Snapshots;

import java.io.IOException;
import java.util.Locale;

/**
 * What the audit trail adds to policy-service's snapshots: {@link PipelineScaling} measures the projection's snapshot
 * alone, while the service's snapshots also hold its audit trail (every applied event recorded, at most its default
 * 100,000 per workspace), which at the medium size is a million records. Per round, for the projection alone and
 * with the trail: size, write ({@link Snapshots#take}, which policy-service runs on its consumer thread — the
 * consumer's pause —, then {@link Snapshots.Taken#write}, the audit trail's records compressed as they are written,
 * which it runs on its writer thread) and load ({@link Snapshots#decode}: the stored state checked whole, then
 * parsed), in process, warm.
 *
 * <pre>java -Xms10g -Xmx10g -cp ... io.iamsuite.bench.policy.SnapshotWithAudit [preset, default medium] [rounds, default 3]</pre>
 */
public final class SnapshotWithAudit {
    private static final int AUDIT_PER_WORKSPACE = 100_000;   // policy-service's default iam.policy.audit.max-per-workspace

    private SnapshotWithAudit() {
    }

    public static void main(String[] args) throws IOException {
        String preset = args.length > 0 ? args[0] : "medium";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Dataset dataset = DatasetGenerator.generate(DatasetSpec.preset(preset));
        Projection projection = new Projection();
        AuditTrail audit = new AuditTrail(AUDIT_PER_WORKSPACE);
        long[] events = {0};
        DatasetEvents.generate(dataset, envelope -> {
            projection.apply(envelope);
            audit.record(envelope);
            events[0]++;
        });
        System.out.printf(Locale.ROOT, "%s: %,d events applied and recorded in the audit trail%n", preset, events[0]);
        for (int round = 1; round <= rounds; round++) {
            for (boolean withAudit : new boolean[]{false, true}) {
                long a = System.nanoTime();
                Snapshots.Taken taken = Snapshots.take(projection, withAudit ? audit : new AuditTrail(AUDIT_PER_WORKSPACE));
                long s = System.nanoTime();
                Snapshots.Written written = taken.write();
                long b = System.nanoTime();
                Snapshots.decode(written.state(), new Projection(), new AuditTrail(AUDIT_PER_WORKSPACE));
                long c = System.nanoTime();
                System.out.printf(Locale.ROOT, "round %d, %-22s snapshot %,d bytes (%,d uncompressed), write %.2f s "
                                + "(the consumer's pause, Snapshots.take: %.2f s; then on the writer thread the audit trail's "
                                + "records, compressed as written: %.2f s), load %.2f s%n", round,
                        withAudit ? "projection + audit:" : "projection alone:", written.state().length,
                        written.rawLength(), (b - a) / 1e9, (s - a) / 1e9, (b - s) / 1e9, (c - b) / 1e9);
            }
        }
    }
}
