package io.iamsuite.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the peer benchmarks' results into docs/benchmarks.md's generated section and two plots (issue 7, point 6):
 * a table per measure with every engine's p50/p99 and its ratio to ours, the conformance lines, the scaling table
 * (cost against dataset size) and, when present, the network table written by the network comparison.
 *
 * <pre>
 * java -cp ... io.iamsuite.bench.report.PeerReport --results tools/bench/target/results --doc docs/benchmarks.md
 *      --img docs/img
 * </pre>
 * Reads {@code peer-jmh.json} (JMH, PeerBench at the medium size), {@code scaling-jmh.json} (PeerBench at several
 * sizes), {@code conformance.txt}, {@code network.md} (a ready table, optional), {@code machine.md}; rewrites the
 * part of the doc between {@code <!-- peers:start -->} and {@code <!-- peers:end -->}.
 */
public final class PeerReport {
    static final String START = "<!-- peers:start -->";
    static final String END = "<!-- peers:end -->";
    private static final String[] MEASURES = {"checkAllowed", "checkDenied", "batch100", "whatCanSee",
            "addToGroupThenCheck", "assignLabelThenCheck", "halfNewWithWrites"};
    private static final String[] PRESETS = {"small", "medium", "large"};

    /** One JMH result: p50 and p99 in ns. */
    record Sample(String measure, String engine, String preset, double p50, double p90, double p99, double p999, long count) {
    }

    private PeerReport() {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of("tools/bench/target/results");
        Path doc = Path.of("docs/benchmarks.md");
        Path img = Path.of("docs/img");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--results":
                    results = Path.of(args[++i]);
                    break;
                case "--doc":
                    doc = Path.of(args[++i]);
                    break;
                case "--img":
                    img = Path.of(args[++i]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Sample> medium = read(results.resolve("peer-jmh.json"));
        List<Sample> scaling = read(results.resolve("scaling-jmh.json"));
        Files.createDirectories(img);
        String section = section(results, medium, scaling, doc.getParent() == null ? img : doc.getParent().relativize(img));
        if (!medium.isEmpty()) {
            latencyPlot(medium, img.resolve("peer-check-latency.png"));
        }
        if (!scaling.isEmpty()) {
            scalingPlot(scaling, img.resolve("peer-cost-vs-size.png"));
        }
        rewrite(doc, section);
        System.err.println("[report] rewrote the peers section of " + doc + " and the plots in " + img);
    }

    static List<Sample> read(Path json) throws IOException {
        List<Sample> out = new ArrayList<>();
        if (!Files.exists(json)) {
            return out;
        }
        for (JsonNode run : new ObjectMapper().readTree(json.toFile())) {
            String benchmark = run.path("benchmark").asText();
            String measure = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            JsonNode metric = run.path("primaryMetric");
            JsonNode pct = metric.path("scorePercentiles");
            out.add(new Sample(measure, run.path("params").path("engine").asText("ours"),
                    run.path("params").path("preset").asText("medium"), pct.path("50.0").asDouble(),
                    pct.path("90.0").asDouble(), pct.path("99.0").asDouble(), pct.path("99.9").asDouble(),
                    metric.path("rawDataHistogram").size()));
        }
        return out;
    }

    static String section(Path results, List<Sample> medium, List<Sample> scaling, Path imgFromDoc) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(START).append('\n');
        md.append("<!-- written by tools/bench/run-peers.sh (io.iamsuite.bench.report.PeerReport); edit those, not this -->\n");
        md.append("## Side by side with the peers (issue 7)\n\n");
        append(md, results.resolve("machine.md"));
        Path conformance = results.resolve("conformance.txt");
        if (Files.exists(conformance)) {
            md.append("**Conformance** (every engine loaded with the medium dataset, asked the same sample; an engine's "
                    + "numbers count only if it agrees):\n\n```\n")
                    .append(Files.readString(conformance, StandardCharsets.UTF_8).strip()).append("\n```\n\n");
        }
        if (!medium.isEmpty()) {
            Set<String> engines = engines(medium);
            md.append("**In process, medium dataset** (JMH SampleTime, one fork per engine and measure; p50 / p99; "
                    + "ratio = engine's p50 / ours):\n\n");
            md.append("| measure |");
            engines.forEach(e -> md.append(' ').append(e).append(" |"));
            md.append("\n|---|");
            engines.forEach(e -> md.append("---|"));
            md.append('\n');
            for (String measure : MEASURES) {
                Sample ours = find(medium, measure, "ours", null);
                if (ours == null) {
                    continue;
                }
                md.append("| ").append(measure).append(" |");
                for (String engine : engines) {
                    Sample s = find(medium, measure, engine, null);
                    if (s == null) {
                        md.append(" – |");
                        continue;
                    }
                    md.append(' ').append(time(s.p50())).append(" / ").append(time(s.p99()));
                    if (!engine.equals("ours")) {
                        md.append(" (**").append(ratio(s.p50() / ours.p50())).append("**)");
                    }
                    md.append(" |");
                }
                md.append('\n');
            }
            Sample allowed = find(medium, "checkAllowed", "ours", null);
            Sample denied = find(medium, "checkDenied", "ours", null);
            if (allowed != null && denied != null) {
                Sample floor = find(medium, "precomputedAnswer", "ours", null);
                Sample inCache = find(medium, "precomputedAnswerInCache", "ours", null);
                if (floor != null) {
                    md.append("\nThe floor, a HashMap of the precomputed answers to every question of the dataset's ")
                            .append("ordinary workspaces (every member and token, source and destination, action of its ")
                            .append("type), asked the same questions: p50 ").append(time(floor.p50())).append(" / p99 ")
                            .append(time(floor.p99())).append("; our check is ").append(ratio(allowed.p50() / floor.p50()))
                            .append(" (allowed) and ").append(ratio(denied.p50() / floor.p50())).append(" (denied) of it.");
                }
                if (inCache != null) {
                    md.append(" A HashMap of only the 4,096 answers asked, small enough to stay in the processor's ")
                            .append("cache (no precomputed store of a dataset this size can): p50 ").append(time(inCache.p50()))
                            .append("; our check is ").append(ratio(allowed.p50() / inCache.p50())).append(" (allowed) and ")
                            .append(ratio(denied.p50() / inCache.p50())).append(" (denied) of that.");
                }
                md.append('\n');
            }
            headline(md, medium, engines);
            md.append("\n![check latency percentiles](").append(imgFromDoc.resolve("peer-check-latency.png")).append(")\n\n");
        }
        if (!scaling.isEmpty()) {
            Set<String> engines = engines(scaling);
            md.append("**Cost against dataset size** (p50 of `checkAllowed`; the presets of `DatasetSpec`):\n\n| engine |");
            for (String preset : PRESETS) {
                md.append(' ').append(preset).append(" |");
            }
            md.append("\n|---|---|---|---|\n");
            for (String engine : engines) {
                md.append("| ").append(engine).append(" |");
                for (String preset : PRESETS) {
                    Sample s = find(scaling, "checkAllowed", engine, preset);
                    md.append(' ').append(s == null ? "–" : time(s.p50())).append(" |");
                }
                md.append('\n');
            }
            md.append("\n![cost against dataset size](").append(imgFromDoc.resolve("peer-cost-vs-size.png")).append(")\n\n");
        }
        String network = NetworkReport.render(results);
        if (network.isEmpty()) {
            append(md, results.resolve("network.md"));
        } else {
            md.append(network);
        }
        append(md, results.resolve("pipeline.md"));
        md.append(END);
        return md.toString();
    }

    /**
     * The headline ratios (issue 7): a single check (mean of the allowed and denied p50) of the best uncached encoding
     * of each peer against ours, the cached jCasbin on its own workload, and ours against the HashMap floor.
     */
    private static void headline(StringBuilder md, List<Sample> medium, Set<String> engines) {
        Double ours = single(medium, "ours");
        if (ours == null) {
            return;
        }
        md.append("\n**Headline** (single check, mean of the allowed and denied p50, medium dataset, this run):\n\n");
        for (String peer : new String[] {"jcasbin", "cedar"}) {
            String best = null;
            double bestTime = Double.MAX_VALUE;
            for (String engine : engines) {
                Double t = single(medium, engine);
                if (engine.startsWith(peer) && !engine.contains("cached") && t != null && t < bestTime) {
                    best = engine;
                    bestTime = t;
                }
            }
            if (best != null) {
                double r = bestTime / ours;
                md.append("- ").append(peer.equals("jcasbin") ? "jCasbin" : "Cedar").append(", fastest uncached ")
                        .append("encoding that agrees (`").append(best).append("`, ").append(time(bestTime))
                        .append("): ours is **").append(ratio(r)).append("** faster (aim ≥ 100×: ")
                        .append(r >= 100 ? "met" : "**missed**").append(")\n");
            }
        }
        Sample cached = find(medium, "halfNewWithWrites", "jcasbin-cached", null);
        Sample oursMixed = find(medium, "halfNewWithWrites", "ours", null);
        if (cached != null && oursMixed != null) {
            md.append("- jCasbin's `CachedEnforcer` on its own workload (half the checks first seen, a write every 100 ")
                    .append("operations invalidating): ").append(time(cached.p50())).append(" p50 vs ours ")
                    .append(time(oursMixed.p50())).append(" (").append(ratio(cached.p50() / oursMixed.p50()))
                    .append(")\n");
        }
        Sample floor = find(medium, "precomputedAnswer", "ours", null);
        if (floor != null) {
            double r = ours / floor.p50();
            md.append("- ours against a HashMap of the dataset's precomputed answers (").append(time(floor.p50()))
                    .append("): ").append(ratio(r)).append(" (aim within 3×: ").append(r <= 3 ? "met" : "**missed**")
                    .append(")");
            Sample inCache = find(medium, "precomputedAnswerInCache", "ours", null);
            if (inCache != null) {
                md.append("; against the 4,096 answers asked, in cache (").append(time(inCache.p50())).append("): ")
                        .append(ratio(ours / inCache.p50()));
            }
            md.append('\n');
        }
    }

    private static Double single(List<Sample> samples, String engine) {
        Sample allowed = find(samples, "checkAllowed", engine, null);
        Sample denied = find(samples, "checkDenied", engine, null);
        if (allowed == null || denied == null) {
            return null;
        }
        return (allowed.p50() + denied.p50()) / 2;
    }

    private static void append(StringBuilder md, Path part) throws IOException {
        if (Files.exists(part)) {
            md.append(Files.readString(part, StandardCharsets.UTF_8).strip()).append("\n\n");
        }
    }

    private static Set<String> engines(List<Sample> samples) {
        Set<String> out = new LinkedHashSet<>();
        out.add("ours");
        samples.forEach(s -> out.add(s.engine()));
        if (samples.stream().noneMatch(s -> s.engine().equals("ours"))) {
            out.remove("ours");
        }
        return out;
    }

    private static Sample find(List<Sample> samples, String measure, String engine, String preset) {
        for (Sample s : samples) {
            if (s.measure().equals(measure) && s.engine().equals(engine) && (preset == null || s.preset().equals(preset))) {
                return s;
            }
        }
        return null;
    }

    static String time(double ns) {
        if (ns < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.2f µs", ns / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }

    static String ratio(double r) {
        return r >= 10 ? String.format(Locale.ROOT, "%,.0f×", r) : String.format(Locale.ROOT, "%.2f×", r);
    }

    private static void latencyPlot(List<Sample> medium, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String measure : new String[]{"checkAllowed", "checkDenied"}) {
            for (String engine : engines(medium)) {
                Sample s = find(medium, measure, engine, null);
                if (s != null) {
                    String column = engine + (measure.equals("checkAllowed") ? " allowed" : " denied");
                    data.addValue(s.p50() / 1e3, "p50", column);
                    data.addValue(s.p90() / 1e3, "p90", column);
                    data.addValue(s.p99() / 1e3, "p99", column);
                    data.addValue(s.p999() / 1e3, "p99.9", column);
                }
            }
        }
        for (String[] floor : new String[][]{{"precomputedAnswer", "floor: the dataset's answers"},
                {"precomputedAnswerInCache", "floor: 4,096 answers in cache"}}) {
            Sample s = find(medium, floor[0], "ours", null);
            if (s != null) {
                data.addValue(s.p50() / 1e3, "p50", floor[1]);
                data.addValue(s.p90() / 1e3, "p90", floor[1]);
                data.addValue(s.p99() / 1e3, "p99", floor[1]);
                data.addValue(s.p999() / 1e3, "p99.9", floor[1]);
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Single check latency, medium dataset (µs, log scale)", null,
                "µs", data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRangeAxis(logAxis("µs"));
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 120 + 60 * data.getColumnCount());
    }

    private static void scalingPlot(List<Sample> scaling, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, Double> users = new LinkedHashMap<>();
        users.put("small", 10_000d);
        users.put("medium", 100_000d);
        users.put("large", 1_000_000d);
        for (String engine : engines(scaling)) {
            XYSeries series = new XYSeries(engine);
            for (String preset : PRESETS) {
                Sample s = find(scaling, "checkAllowed", engine, preset);
                if (s != null) {
                    series.add(users.get(preset).doubleValue(), s.p50() / 1e3);
                }
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Check p50 against dataset size", "users (10 grants each)",
                "µs", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(logAxis("users"));
        plot.setRangeAxis(logAxis("µs (p50)"));
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 560);
    }

    /** A base-10 log axis with a tick per power of ten, labelled in plain numbers. */
    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setSmallestValue(0.01);
        axis.setTickUnit(new NumberTickUnit(1.0));
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        return axis;
    }

    static void rewrite(Path doc, String section) throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        String next;
        if (start < 0 || end < start) {
            next = text.stripTrailing() + "\n\n" + section + "\n";
        } else {
            next = text.substring(0, start) + section + text.substring(end + END.length());
        }
        Files.writeString(doc, next, StandardCharsets.UTF_8);
    }
}
