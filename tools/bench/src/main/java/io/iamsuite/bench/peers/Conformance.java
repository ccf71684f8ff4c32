package io.iamsuite.bench.peers;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetGenerator;
import io.iamsuite.bench.dataset.DatasetSpec;
import io.iamsuite.bench.dataset.Questions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The conformance run: every engine is loaded with the same dataset and asked the same sample of questions; an
 * engine agrees when every answer equals ours. A benchmark only counts for an engine that agrees.
 *
 * <pre>
 * java -cp ... io.iamsuite.bench.peers.Conformance [--preset medium] [--questions 10000] [--seed 1] [engine ...]
 * </pre>
 * Exit code 0 when every engine asked agrees, 1 otherwise; one line per engine on stdout
 * ({@code engine agrees|DISAGREES n/N load_s}) and the first 20 disagreements of each on stderr.
 */
public final class Conformance {
    /** What one engine did on the sample. */
    public record Result(String engine, int asked, int disagreements, double loadSeconds, double askSeconds,
                         List<String> examples) {
        public boolean agrees() {
            return disagreements == 0;
        }
    }

    /** Questions in flight for an engine that answers concurrently. */
    static final int IN_FLIGHT = 8;

    private Conformance() {
    }

    public static void main(String[] args) throws Exception {
        String preset = "medium";
        int count = 10_000;
        long seed = 1;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--preset":
                    preset = args[++i];
                    break;
                case "--questions":
                    count = Integer.parseInt(args[++i]);
                    break;
                case "--seed":
                    seed = Long.parseLong(args[++i]);
                    break;
                default:
                    names.add(args[i]);
            }
        }
        if (names.isEmpty()) {
            names.addAll(Engines.ALL.keySet());
            names.remove("ours");
        }
        Dataset dataset = DatasetGenerator.generate(DatasetSpec.preset(preset));
        System.err.println("[conformance] " + dataset.describe());
        OursEngine ours = new OursEngine();
        ours.load(dataset);
        List<Questions.Answered> sample = Questions.answered(dataset, ours.evaluator(), count, seed);
        System.err.println("[conformance] " + count + " questions, "
                + sample.stream().filter(Questions.Answered::allowed).count() + " allowed by ours");
        boolean all = true;
        for (String name : names) {
            Result result;
            try (Engine engine = Engines.create(name)) {
                result = run(engine, dataset, sample);
            }
            all &= result.agrees();
            System.out.printf("%s %s %d/%d load %.1f s, asked in %.1f s%n", result.engine(),
                    result.agrees() ? "agrees" : "DISAGREES", result.disagreements(), result.asked(), result.loadSeconds(),
                    result.askSeconds());
            result.examples().forEach(e -> System.err.println("  " + name + ": " + e));
        }
        System.exit(all ? 0 : 1);
    }

    /**
     * Loads the engine with the dataset and asks it the sample: from one thread, or {@value #IN_FLIGHT} at a time when
     * the engine {@linkplain Engine#answersConcurrently() answers concurrently} (Cerbos: 10,000 questions one after the
     * other took 14-17 s per API, mostly round trips).
     */
    public static Result run(Engine engine, Dataset dataset, List<Questions.Answered> sample) throws Exception {
        long start = System.nanoTime();
        engine.load(dataset);
        long loaded = System.nanoTime();
        double load = (loaded - start) / 1e9;
        boolean[] theirs = new boolean[sample.size()];
        if (engine.answersConcurrently()) {
            ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
            try {
                List<Future<?>> parts = new ArrayList<>();
                for (int part = 0; part < IN_FLIGHT; part++) {
                    int first = part;
                    parts.add(pool.submit(() -> {
                        for (int i = first; i < theirs.length; i += IN_FLIGHT) {
                            theirs[i] = engine.check(sample.get(i).question());
                        }
                    }));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
            } finally {
                pool.shutdownNow();
            }
        } else {
            for (int i = 0; i < theirs.length; i++) {
                theirs[i] = engine.check(sample.get(i).question());
            }
        }
        int wrong = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < theirs.length; i++) {
            Questions.Answered answered = sample.get(i);
            if (theirs[i] != answered.allowed()) {
                wrong++;
                if (examples.size() < 20) {
                    examples.add(answered.question() + ": ours " + answered.allowed() + ", theirs " + theirs[i]);
                }
            }
        }
        return new Result(engine.name(), sample.size(), wrong, load, (System.nanoTime() - loaded) / 1e9, examples);
    }
}
