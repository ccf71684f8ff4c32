package io.iamsuite.bench.jmh;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetGenerator;
import io.iamsuite.bench.dataset.DatasetSpec;
import io.iamsuite.bench.dataset.Questions;
import io.iamsuite.bench.peers.Engine;
import io.iamsuite.bench.peers.Engines;
import io.iamsuite.bench.peers.OursEngine;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Ours and each in-process peer on the same dataset, the same questions, in one JMH run (issue 7, point 3). Every
 * engine is built from the same {@link Dataset} through {@link Engine}; before measuring, the setup asks the engine
 * 1,000 questions and aborts the fork if one answer differs from ours (the full 10,000-question proof is
 * {@link io.iamsuite.bench.peers.Conformance}). Which questions our evaluator allows and denies is computed by the
 * ours fork and, with {@code BENCH_QUESTION_CACHE} set, left for the peers' forks, which then check their answers
 * on 500 of each instead of loading ours as well.
 *
 * <ul>
 *   <li>{@code checkAllowed}, {@code checkDenied}: one check (SampleTime: p50, p99), 4,096 questions our evaluator
 *       allows (denies), visited in turn;</li>
 *   <li>{@code batch100}: 100 checks of one workspace in one call (the engine's batch API, or a loop);</li>
 *   <li>{@code whatCanSee}: every source a member can read in its workspace (ours: LookupResources; a peer: its
 *       nearest equivalent, see {@link Engine#whatCanSeeMethod()});</li>
 *   <li>{@code addToGroupThenCheck}, {@code assignLabelThenCheck}: one change followed by the check that sees it
 *       (the cost of a write until the next check reflects it);</li>
 *   <li>{@code halfNewWithWrites}: the decision-cache workload — half the checks repeat a hot question, half are
 *       first seen, a write every 100 operations;</li>
 *   <li>{@code precomputedAnswer} (engine {@code ours} only): the floor, a HashMap lookup in the precomputed answers
 *       of every question of the dataset's ordinary workspaces (every member and token, source and destination, and
 *       action of its type: 22 million at medium; built only in that benchmark's fork), asked the same mix of
 *       questions as {@code precomputedAnswerInCache};</li>
 *   <li>{@code precomputedAnswerInCache} (engine {@code ours} only): a HashMap of the 4,096 answers it is asked only,
 *       small enough to stay in the processor's cache (a lower bound no precomputed store of a dataset this size
 *       reaches).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
// Two measured iterations, three for the two measures that take milliseconds per call (batch100, whatCanSee): a check
// or a change of the slowest peer still gives thousands of samples per second, a batch or a lookup a few hundred, so
// that their p99 needs the third. run-peers.sh sets only the iteration times (-w 1 -r 1), so these counts hold there.
@Measurement(iterations = 2, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms6g", "-Xmx6g", "-XX:+UseTransparentHugePages", "-XX:MaxNewSize=1g"})
public class PeerBench {
    private static final int N = 4096;
    /**
     * Questions a peer's fork asks before measuring (half allowed, half denied by ours). 2,000 until the run had to
     * fit in 20 minutes: a cold Cedar answered them in ~1.5 s of every fork; the proof is the conformance run's 10,000.
     */
    private static final int SANITY = 1_000;

    @Param({"ours"})
    String engine;

    @Param({"medium"})
    String preset;

    private Engine subject;
    private Dataset.Question[] allowed;
    private Dataset.Question[] denied;
    private List<List<Dataset.Question>> batches;
    private Dataset.Question[] seers;
    private Change[] groupChanges;
    private Change[] labelChanges;
    private Map<Dataset.Question, Boolean> precomputed;
    private Map<Dataset.Question, Boolean> precomputedInCache;
    private Dataset.Question[] mixed;
    private int nextAllowed;
    private int nextDenied;
    private int nextBatch;
    private int nextSeer;
    private int nextGroupChange;
    private int nextLabelChange;
    private int nextMixed;
    private Dataset.Question[] fresh;
    private int nextFresh;
    private int nextCached;

    /** A change and the question that sees it. */
    private record Change(String workspaceId, String userId, String groupId, ResourceRef resource, LabelRef label,
                          Dataset.Question question) {
    }

    @Setup(Level.Trial)
    public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) throws Exception {
        Dataset dataset = DatasetGenerator.generate(DatasetSpec.preset(preset));
        // A peer's fork takes the questions our evaluator allows and denies from the run's cache when the ours fork
        // left them there, instead of loading ours too (a few seconds per fork, some forty forks per run).
        int[][] picked = engine.equals("ours") ? null : readPicks(preset);
        OursEngine ours = null;
        if (picked == null) {
            ours = new OursEngine();
            ours.load(dataset);
            picked = new int[][]{Questions.pick(dataset, ours.evaluator(), true, N, 11),
                    Questions.pick(dataset, ours.evaluator(), false, N, 12)};
            writePicks(preset, picked);
        }
        allowed = Questions.at(dataset, picked[0], 11).toArray(new Dataset.Question[0]);
        denied = Questions.at(dataset, picked[1], 12).toArray(new Dataset.Question[0]);
        // Each workload only in the forks of the benchmarks that use it (the change lists take ~0.7 s per fork, and a run
        // has some forty forks); each has its own seed, so what a benchmark is asked does not depend on the others.
        String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (benchmark.equals("batch100")) {
            batches = batches(dataset, 64, 13);
        }
        if (benchmark.equals("whatCanSee")) {
            seers = seers(dataset, 256, 14);
        }
        if (benchmark.equals("addToGroupThenCheck") || benchmark.equals("halfNewWithWrites")) {
            groupChanges = groupChanges(dataset, 100_000, 15);
        }
        if (benchmark.equals("assignLabelThenCheck")) {
            labelChanges = labelChanges(dataset, 100_000, 16);
        }
        if (benchmark.equals("halfNewWithWrites")) {
            fresh = Questions.sample(dataset, 100_000, 18).toArray(new Dataset.Question[0]);
        }
        precomputedInCache = new HashMap<>();
        mixed = new Dataset.Question[N];
        for (int i = 0; i < N; i++) {
            Dataset.Question q = i % 2 == 0 ? allowed[i] : denied[i];
            precomputedInCache.put(q, i % 2 == 0);
            mixed[i] = new Dataset.Question(q.workspaceId(), q.subject(), q.action(), q.resource());
        }
        if (benchmark.equals("precomputedAnswer")) {
            OursEngine answering = ours;
            if (answering == null) {
                answering = new OursEngine();
                answering.load(dataset);
            }
            precomputed = everyAnswer(dataset, answering);
            for (int i = 0; i < N; i++) {
                if (precomputed.get(mixed[i]) != (i % 2 == 0)) {
                    throw new IllegalStateException("the precomputed answers disagree with ours on " + mixed[i]);
                }
            }
        }
        if (engine.equals("ours")) {
            subject = ours;
            return;
        }
        subject = Engines.create(engine);
        subject.load(dataset);
        List<Questions.Answered> sample = new ArrayList<>();
        if (ours != null) {
            sample.addAll(Questions.answered(dataset, ours.evaluator(), SANITY, 17));
        } else {
            for (int i = 0; i < SANITY / 2; i++) {
                sample.add(new Questions.Answered(allowed[i], true));
                sample.add(new Questions.Answered(denied[i], false));
            }
        }
        for (Questions.Answered a : sample) {
            if (subject.check(a.question()) != a.allowed()) {
                throw new IllegalStateException(engine + " disagrees with ours on " + a.question()
                        + " (ours " + a.allowed() + "): its numbers would not count");
            }
        }
    }

    /**
     * The run's cache of {@link Questions#pick}'s positions, a directory named by {@code BENCH_QUESTION_CACHE}
     * (run-peers.sh sets it to a directory it empties first), or none: without it every fork loads ours.
     */
    private static Path picksFile(String preset) {
        String dir = System.getenv("BENCH_QUESTION_CACHE");
        return dir == null || dir.isBlank() ? null : Path.of(dir, preset + "-picks.txt");
    }

    private static int[][] readPicks(String preset) throws IOException {
        Path file = picksFile(preset);
        if (file == null || !Files.exists(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file);
        return new int[][]{parse(lines.get(0)), parse(lines.get(1))};
    }

    private static int[] parse(String line) {
        return java.util.Arrays.stream(line.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static void writePicks(String preset, int[][] picked) throws IOException {
        Path file = picksFile(preset);
        if (file == null) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, join(picked[0]) + "\n" + join(picked[1]) + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String join(int[] positions) {
        return java.util.Arrays.stream(positions).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        subject.close();
    }

    @Benchmark
    public boolean checkAllowed() {
        Dataset.Question q = allowed[nextAllowed];
        nextAllowed = (nextAllowed + 1) & (N - 1);
        return subject.check(q);
    }

    @Benchmark
    public boolean checkDenied() {
        Dataset.Question q = denied[nextDenied];
        nextDenied = (nextDenied + 1) & (N - 1);
        return subject.check(q);
    }

    @Benchmark
    @Measurement(iterations = 3)
    public boolean[] batch100() {
        List<Dataset.Question> batch = batches.get(nextBatch);
        nextBatch = (nextBatch + 1) % batches.size();
        return subject.checkBatch(batch);
    }

    @Benchmark
    @Measurement(iterations = 3)
    public int whatCanSee() {
        Dataset.Question q = seers[nextSeer];
        nextSeer = (nextSeer + 1) % seers.length;
        return subject.whatCanSee(q.workspaceId(), q.subject(), "source.read", ResourceType.SOURCE).size();
    }

    @Benchmark
    public boolean addToGroupThenCheck() {
        Change c = groupChanges[nextGroupChange];
        nextGroupChange = (nextGroupChange + 1) % groupChanges.length;
        subject.addToGroup(c.workspaceId(), c.userId(), c.groupId());
        return subject.check(c.question());
    }

    @Benchmark
    public boolean assignLabelThenCheck() {
        Change c = labelChanges[nextLabelChange];
        nextLabelChange = (nextLabelChange + 1) % labelChanges.length;
        subject.assignLabel(c.workspaceId(), c.resource(), c.label());
        return subject.check(c.question());
    }

    /**
     * The decision-cache workload (issue 7): half the checks repeat one of 64 hot questions, half are first seen,
     * and every 100th operation is a write (a new group membership), which a cache must invalidate. For an engine
     * without a cache it is the same checks at the same cost; for {@code jcasbin-cached} it shows what the cache buys.
     */
    @Benchmark
    public boolean halfNewWithWrites() {
        int op = nextCached++;
        if (op % 100 == 99) {
            Change c = groupChanges[nextGroupChange];
            nextGroupChange = (nextGroupChange + 1) % groupChanges.length;
            subject.addToGroup(c.workspaceId(), c.userId(), c.groupId());
            return subject.check(c.question());
        }
        if ((op & 1) == 0) {
            return subject.check(mixed[op & 63]);
        }
        Dataset.Question q = fresh[nextFresh];
        nextFresh = (nextFresh + 1) % fresh.length;
        return subject.check(q);
    }

    @Benchmark
    public Boolean precomputedAnswer() {
        Dataset.Question q = mixed[nextMixed];
        nextMixed = (nextMixed + 1) & (N - 1);
        return precomputed.get(q);
    }

    @Benchmark
    public Boolean precomputedAnswerInCache() {
        Dataset.Question q = mixed[nextMixed];
        nextMixed = (nextMixed + 1) & (N - 1);
        return precomputedInCache.get(q);
    }

    /** Our answer to every question of the dataset ({@link Questions#everyQuestion}), in one HashMap. */
    private static Map<Dataset.Question, Boolean> everyAnswer(Dataset dataset, OursEngine ours) {
        long began = System.nanoTime();
        long[] count = {0};
        Questions.everyQuestion(dataset, q -> count[0]++);
        Map<Dataset.Question, Boolean> answers = new HashMap<>((int) (count[0] / 0.75) + 1);
        Questions.everyQuestion(dataset, q -> {
            answers.put(q, ours.check(q));
            if (answers.size() % 2_000_000 == 0) {
                System.out.printf("precomputed %,d of %,d answers%n", answers.size(), count[0]);
            }
        });
        System.out.printf("precomputed %,d answers in %.1f s%n", answers.size(), (System.nanoTime() - began) / 1e9);
        return answers;
    }

    // ---- workloads ----

    private static List<Dataset.Workspace> ordinary(Dataset dataset) {
        return dataset.workspaces().stream().filter(w -> !w.id().equals(DatasetGenerator.BIG)).toList();
    }

    /** Batches of 100 questions, each of one workspace. */
    private static List<List<Dataset.Question>> batches(Dataset dataset, int count, long seed) {
        // About 40 questions per workspace, whatever the size (a fixed 40,000 left the large preset's 10,000
        // workspaces with 4 each, too few for a batch).
        List<Dataset.Question> pool = Questions.sample(dataset, Math.max(40_000, 40 * dataset.workspaces().size()), seed);
        Map<String, List<Dataset.Question>> byWorkspace = new HashMap<>();
        pool.forEach(q -> byWorkspace.computeIfAbsent(q.workspaceId(), w -> new ArrayList<>()).add(q));
        List<List<Dataset.Question>> out = new ArrayList<>();
        for (List<Dataset.Question> questions : byWorkspace.values()) {
            if (questions.size() >= 30 && out.size() < count) {
                List<Dataset.Question> batch = new ArrayList<>(100);
                for (int i = 0; batch.size() < 100; i++) {
                    batch.add(questions.get(i % questions.size()));
                }
                out.add(List.copyOf(batch));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no workspace has 100 sampled questions");
        }
        return out;
    }

    /** Members (not owners) whose visible sources are listed. */
    private static Dataset.Question[] seers(Dataset dataset, int count, long seed) {
        List<Dataset.Workspace> workspaces = ordinary(dataset);
        SplittableRandom random = new SplittableRandom(seed);
        Dataset.Question[] out = new Dataset.Question[count];
        for (int i = 0; i < count; i++) {
            Dataset.Workspace ws = workspaces.get(random.nextInt(workspaces.size()));
            String user = ws.members().get(1 + random.nextInt(ws.members().size() - 1)).userId();
            out[i] = new Dataset.Question(ws.id(), Subject.user(user), "source.read", null);
        }
        return out;
    }

    /** New memberships (not in the dataset), each followed by a check of a source the group's grants may reach. */
    private static Change[] groupChanges(Dataset dataset, int count, long seed) {
        List<Dataset.Workspace> workspaces = ordinary(dataset);
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> taken = new HashSet<>();
        Change[] out = new Change[count];
        int i = 0;
        int attempts = 0;
        while (i < count) {
            if (++attempts > count * 5) {
                return java.util.Arrays.copyOf(out, i);   // fewer new memberships than asked: cycle the ones found
            }
            Dataset.Workspace ws = workspaces.get(random.nextInt(workspaces.size()));
            List<String> groups = new ArrayList<>(ws.groups().keySet());
            String group = groups.get(random.nextInt(groups.size()));
            String user = ws.members().get(1 + random.nextInt(ws.members().size() - 1)).userId();
            if (ws.groups().get(group).contains(user) || !taken.add(ws.id() + "/" + group + "/" + user)) {
                continue;
            }
            Dataset.Resource source = ws.resources().get(random.nextInt(ws.resources().size()));
            String action = source.ref().type() == ResourceType.SOURCE ? "source.update" : "destination.read";
            out[i++] = new Change(ws.id(), user, group, null, null,
                    new Dataset.Question(ws.id(), Subject.user(user), action, source.ref()));
        }
        return out;
    }

    /** New label assignments on sources, each followed by a check on that source by a member of the workspace. */
    private static Change[] labelChanges(Dataset dataset, int count, long seed) {
        List<Dataset.Workspace> workspaces = ordinary(dataset);
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> taken = new HashSet<>();
        Change[] out = new Change[count];
        int i = 0;
        int attempts = 0;
        while (i < count) {
            if (++attempts > count * 5) {
                return java.util.Arrays.copyOf(out, i);   // fewer new (source, label) pairs than asked: cycle them
            }
            Dataset.Workspace ws = workspaces.get(random.nextInt(workspaces.size()));
            Dataset.Resource source = ws.resources().get(random.nextInt(ws.resources().size()));
            LabelRef label = ws.labels().get(random.nextInt(ws.labels().size()));
            if (source.ref().type() != ResourceType.SOURCE || source.labels().contains(label)
                    || !taken.add(ws.id() + "/" + source.ref().id() + "/" + label)) {
                continue;
            }
            String user = ws.members().get(1 + random.nextInt(ws.members().size() - 1)).userId();
            out[i++] = new Change(ws.id(), null, null, source.ref(), label,
                    new Dataset.Question(ws.id(), Subject.user(user), "source.update", source.ref()));
        }
        return out;
    }
}
