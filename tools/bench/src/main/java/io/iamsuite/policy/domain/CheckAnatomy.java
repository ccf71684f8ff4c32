package io.iamsuite.policy.domain;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetGenerator;
import io.iamsuite.bench.dataset.DatasetSpec;
import io.iamsuite.bench.dataset.Questions;
import io.iamsuite.bench.peers.OursEngine;
import io.iamsuite.catalogue.GrantEvaluator;

import java.lang.reflect.Field;
import java.util.Arrays;

/**
 * Where a check's time goes: the p50 of single timed calls of the check and of its parts (reading the question's own
 * objects, the workspace lookup, the resource's state, the subject's {@link Principal}, both), on PeerBench's
 * questions (4,096 allowed, 4,096 denied, the same seeds), and which path the questions take. In this package for
 * the check index's package-private parts, read the way {@link Evaluator#check} reads them.
 *
 * <pre>
 * cd tools/bench &amp;&amp; java -Xms8g -Xmx8g -XX:+UseTransparentHugePages -XX:MaxNewSize=1g \
 *     -cp "target/classes:$(cat target/bench.classpath)" io.iamsuite.policy.domain.CheckAnatomy medium 5
 * </pre>
 *
 * Every time includes one {@code System.nanoTime()} pair: the first column ("timer") is a call that reads nothing but
 * its argument, so the parts' own cost is their time minus it. The second ("question") reads the hash codes of the
 * question's ids, as every check does before its first lookup: PeerBench cycles through 4,096 questions built in
 * advance, so their objects are not all in the processor's near caches, where a server's freshly parsed request is.
 */
public final class CheckAnatomy {
    private static final int N = 4096;
    private static final int SAMPLES = 200_000;
    private static long sink;

    private interface Part {
        long run(Dataset.Question q);
    }

    private CheckAnatomy() {
    }

    public static void main(String[] args) throws Exception {
        String preset = args.length > 0 ? args[0] : "medium";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Dataset dataset = DatasetGenerator.generate(DatasetSpec.preset(preset));
        OursEngine ours = new OursEngine();
        ours.load(dataset);
        Evaluator evaluator = ours.evaluator();
        Projection projection = (Projection) field(Evaluator.class, "projection").get(evaluator);
        GrantEvaluator grants = (GrantEvaluator) field(Evaluator.class, "grants").get(evaluator);
        Dataset.Question[] allowed = Questions.withAnswer(dataset, evaluator, true, N, 11).toArray(new Dataset.Question[0]);
        Dataset.Question[] denied = Questions.withAnswer(dataset, evaluator, false, N, 12).toArray(new Dataset.Question[0]);
        System.out.println(paths("allowed", allowed, projection, grants));
        System.out.println(paths("denied", denied, projection, grants));

        String[] names = {"timer", "question", "workspace", "+resource", "+principal", "+both", "check"};
        Part[] parts = {
            q -> 1,
            q -> q.workspaceId().hashCode() + q.resource().hashCode() + q.subject().id().hashCode() + q.action().hashCode(),
            q -> projection.workspace(q.workspaceId()).hashCode(),
            q -> {
                WorkspaceState.ResourceState s = projection.workspace(q.workspaceId()).indexedResource(q.resource());
                return s == null ? 0 : s.labels0;
            },
            q -> {
                Principal p = projection.workspace(q.workspaceId()).principal(q.subject());
                return p == null ? 0 : p.code.length;
            },
            q -> {
                WorkspaceState ws = projection.workspace(q.workspaceId());
                WorkspaceState.ResourceState s = ws.indexedResource(q.resource());
                Principal p = ws.principal(q.subject());
                return (p == null ? 0 : p.code.length) + (s == null ? 0 : s.labels0);
            },
            q -> evaluator.check(q.workspaceId(), q.subject(), q.action(), q.resource()).ordinal(),
        };
        System.out.println("p50 of " + SAMPLES + " single timed calls, ns (allowed / denied questions):");
        System.out.println("round  " + String.join("  ", Arrays.stream(names).map(n -> String.format("%-13s", n)).toArray(String[]::new)));
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder(String.format("%-5d", round));
            for (Part part : parts) {
                line.append(String.format("  %-13s", median(part, allowed) + " / " + median(part, denied)));
            }
            System.out.println(line);
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    /** Which way the questions go: no principal, owner, no grant confers the action, workspace-wide, or a scan. */
    private static String paths(String name, Dataset.Question[] questions, Projection projection, GrantEvaluator grants) {
        int none = 0;
        int owner = 0;
        int noBit = 0;
        int wide = 0;
        int scans = 0;
        long words = 0;
        long largeGroups = 0;
        for (Dataset.Question q : questions) {
            Principal p = projection.workspace(q.workspaceId()).principal(q.subject());
            int bit = grants.compile(q.action()).index();
            if (p == null) {
                none++;
            } else if (p.owner) {
                owner++;
            } else if (!p.mayAny(bit)) {
                noBit++;
            } else if (p.workspaceWide(bit)) {
                wide++;
            } else {
                scans++;
                words += p.code.length;
                largeGroups += p.large.length;
            }
        }
        return String.format("%s: %d questions: no principal %d, owner %d, no grant confers the action %d, workspace-wide %d,"
                + " scan of the grants %d (%.1f words each on average, %d large groups)", name, questions.length, none, owner,
                noBit, wide, scans, scans == 0 ? 0.0 : words / (double) scans, largeGroups);
    }

    private static long median(Part part, Dataset.Question[] questions) {
        long[] times = new long[SAMPLES];
        int next = 0;
        for (int i = 0; i < SAMPLES; i++) {
            Dataset.Question q = questions[next];
            next = (next + 1) & (N - 1);
            long start = System.nanoTime();
            sink += part.run(q);
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times[SAMPLES / 2];
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
