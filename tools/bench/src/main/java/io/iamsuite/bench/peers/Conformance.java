package io.iamsuite.bench.peers;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetGenerator;
import io.iamsuite.bench.dataset.DatasetSpec;
import io.iamsuite.bench.dataset.Questions;

import java.util.ArrayList;
import java.util.List;

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
    public record Result(String engine, int asked, int disagreements, double loadSeconds, List<String> examples) {
        public boolean agrees() {
            return disagreements == 0;
        }
    }

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
            System.out.printf("%s %s %d/%d load %.1f s%n", result.engine(), result.agrees() ? "agrees" : "DISAGREES",
                    result.disagreements(), result.asked(), result.loadSeconds());
            result.examples().forEach(e -> System.err.println("  " + name + ": " + e));
        }
        System.exit(all ? 0 : 1);
    }

    /** Loads the engine with the dataset and asks it the sample. */
    public static Result run(Engine engine, Dataset dataset, List<Questions.Answered> sample) throws Exception {
        long start = System.nanoTime();
        engine.load(dataset);
        double load = (System.nanoTime() - start) / 1e9;
        int wrong = 0;
        List<String> examples = new ArrayList<>();
        for (Questions.Answered answered : sample) {
            boolean theirs = engine.check(answered.question());
            if (theirs != answered.allowed()) {
                wrong++;
                if (examples.size() < 20) {
                    examples.add(answered.question() + ": ours " + answered.allowed() + ", theirs " + theirs);
                }
            }
        }
        return new Result(engine.name(), sample.size(), wrong, load, examples);
    }
}
