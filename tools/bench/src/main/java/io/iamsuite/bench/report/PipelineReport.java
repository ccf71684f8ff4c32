package io.iamsuite.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns run-pipeline.sh's results ({@code pipeline-inprocess.tsv}, {@code pipeline-suite.tsv},
 * {@code pipeline-writes.tsv}; any may be missing) into {@code pipeline.md}, which {@link PeerReport} puts into
 * docs/benchmarks.md: one column per dataset size, and per-unit costs (per event, per grant) beside the totals, so
 * that linear growth shows as a constant.
 *
 * <pre>java -cp ... io.iamsuite.bench.report.PipelineReport --results tools/bench/target/results</pre>
 */
public final class PipelineReport {
    private PipelineReport() {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of("tools/bench/target/results");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--results")) {
                results = Path.of(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + " (--results DIR)");
            }
        }
        String md = render(read(results.resolve("pipeline-inprocess.tsv")), read(results.resolve("pipeline-suite.tsv")),
                read(results.resolve("pipeline-writes.tsv")));
        Files.writeString(results.resolve("pipeline.md"), md, StandardCharsets.UTF_8);
    }

    /** Rows of a TSV with a header line as maps (column → value); none when the file is missing. */
    static List<Map<String, String>> read(Path tsv) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        if (!Files.exists(tsv)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0).split("\t", -1);
        boolean headerless = !header[0].equals("preset");
        if (headerless) {
            header = new String[] {"preset", "service", "writers", "seconds", "writes", "writes_per_s", "p50_ms", "p99_ms",
                "p999_ms", "burst_visible_ms"};
        }
        for (String line : lines.subList(headerless ? 0 : 1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    static String render(List<Map<String, String>> inProcess, List<Map<String, String>> suite,
                         List<Map<String, String>> writes) {
        StringBuilder md = new StringBuilder();
        md.append("\n#### Our pipeline at three sizes (issue 7, point 5)\n\n");
        md.append("`tools/bench/run-pipeline.sh` (run by `run-peers.sh`). Per-unit columns stay flat when a cost grows "
                + "linearly with the data.\n\n");
        if (!inProcess.isEmpty()) {
            md.append("**In process** (`PipelineScaling`: the dataset's events encoded as the relay publishes them, then "
                    + "decoded and folded as policy-service's consumer does, record by record, the decode and the fold each "
                    + "timed; heap after full GCs; snapshot as "
                    + "policy-service writes and loads it, medians of 3, one round at large):\n\n");
            table(md, inProcess, List.of(
                    row("events", r -> count(r.get("events"))),
                    row("grants", r -> count(r.get("grants"))),
                    row("replay (decode + fold), events/s", r -> count(r.get("replay_events_per_s"))),
                    row("replay, µs per event", r -> fmt(1e6 / d(r.get("replay_events_per_s")), 2)),
                    row("of which decode, µs per event", r -> fmt(1e6 / d(r.get("replay_events_per_s"))
                            - 1e6 / d(r.get("fold_events_per_s")), 2)),
                    row("of which fold (Projection.apply), µs per event", r -> fmt(1e6 / d(r.get("fold_events_per_s")), 2)),
                    row("projection heap", r -> mib(d(r.get("projection_heap_bytes")))),
                    row("projection heap per grant", r -> fmt(d(r.get("bytes_per_grant")), 0) + " B"),
                    row("snapshot write, projection alone (serialize + compress)", r -> fmt(d(r.get("snapshot_write_s")), 2) + " s"),
                    row("snapshot write per million events", r -> fmt(d(r.get("snapshot_write_s"))
                            / (d(r.get("events")) / 1e6), 2) + " s"),
                    row("snapshot size, projection alone (compressed)", r -> mib(d(r.get("snapshot_bytes")))),
                    row("snapshot load, projection alone (a restart also loads the audit trail)", r -> fmt(d(r.get("snapshot_load_s")), 2) + " s"),
                    row("snapshot load per million events", r -> fmt(d(r.get("snapshot_load_s"))
                            / (d(r.get("events")) / 1e6), 2) + " s")));
        }
        if (!suite.isEmpty()) {
            md.append("\n**On the running suite** (a private `deploy/local/iam up` per size: first the writes below and "
                    + "write → visible on the fresh suite; then the writer services stopped and the dataset published "
                    + "to Kafka as the relays publish it, applied by policy-service alone; then `kill -9` and restart "
                    + "of policy-service, from its snapshot and with snapshots off):\n\n");
            table(md, suite, List.of(
                    row("events", r -> count(r.get("events"))),
                    row("Kafka → projection while the seed arrives: first event applied → all applied",
                            r -> r.get("kafka_to_projection_s") + " s"),
                    row("Kafka → projection, events/s (with feed and audit)",
                            r -> count(r.get("kafka_to_projection_events_per_s"))),
                    row("write → visible p50 (one write, check with its token)", r -> r.get("visible_p50_ms")),
                    row("write → visible p99", r -> r.get("visible_p99_ms")),
                    row("policy-service heap after GC", r -> mib(d(r.get("heap_bytes")))),
                    row("policy-service heap per grant", r -> r.get("heap_bytes_per_grant") + " B"),
                    row("restart: `kill -9` → ready (snapshot)", r -> r.get("restart_s") + " s"),
                    row("of which snapshot load", r -> r.get("snapshot_load_ms") + " ms"),
                    row("restart with snapshots off: `kill -9` → ready (whole log replayed)",
                            r -> r.get("replay_restart_s") + " s"),
                    row("replay from Kafka at start, events/s", r -> count(r.get("replay_events_per_s"))),
                    row("load average before", r -> r.get("load_before"))));
        }
        if (!writes.isEmpty()) {
            md.append("\n**Writes per service** (`WriteLoad` through the gateway: closed-loop writers, each in a workspace of "
                    + "its own (writes within one workspace serialize on its head), each write a new member / source / "
                    + "token, committed with its event in the outbox; burst → visible = from the "
                    + "last write's answer until a check with its token answered):\n\n");
            md.append("| Size | Service | Writers | Writes/s | p50 | p99 | p99.9 | Burst → visible |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            for (Map<String, String> r : writes) {
                md.append(String.format(Locale.ROOT, "| %s | %s-service | %s | %s | %s ms | %s ms | %s ms | %s ms |%n",
                        r.get("preset"), r.get("service"), r.get("writers"), count(r.get("writes_per_s")),
                        r.get("p50_ms"), r.get("p99_ms"), r.get("p999_ms"), r.get("burst_visible_ms")));
            }
        }
        return md.toString();
    }

    private record Row(String name, Function<Map<String, String>, String> cell) {
    }

    private static Row row(String name, Function<Map<String, String>, String> cell) {
        return new Row(name, cell);
    }

    private static void table(StringBuilder md, List<Map<String, String>> columns, List<Row> rows) {
        md.append("| Measure |");
        columns.forEach(c -> md.append(' ').append(c.get("preset")).append(" |"));
        md.append("\n|---|");
        columns.forEach(c -> md.append("---|"));
        md.append('\n');
        for (Row row : rows) {
            md.append("| ").append(row.name()).append(" |");
            for (Map<String, String> column : columns) {
                String cell;
                try {
                    cell = row.cell().apply(column);
                } catch (RuntimeException e) {
                    cell = "–";
                }
                md.append(' ').append(cell == null || cell.startsWith("null") ? "–" : cell).append(" |");
            }
            md.append('\n');
        }
    }

    private static double d(String value) {
        return Double.parseDouble(value);
    }

    private static String count(String value) {
        return String.format(Locale.ROOT, "%,.0f", d(value));
    }

    private static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static String mib(double bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / (1 << 20));
    }
}
