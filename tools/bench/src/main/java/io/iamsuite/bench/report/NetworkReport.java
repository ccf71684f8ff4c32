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

/**
 * run-network-compare.sh's rows ({@code network-compare.csv}: one per run, ours and Cerbos, gRPC and HTTP, closed
 * loop and fixed rates) as the markdown table of docs/benchmarks.md's peers section, ours and Cerbos side by side with
 * the ratio: throughput at saturation (ours / Cerbos, above 1 is better for us) and p99 at fixed rates (Cerbos / ours,
 * above 1 is better for us).
 */
final class NetworkReport {
    private NetworkReport() {
    }

    /** The section's markdown, or an empty string when there is no CSV. */
    static String render(Path results) throws IOException {
        Path csv = results.resolve("network-compare.csv");
        if (!Files.exists(csv)) {
            return "";
        }
        List<Map<String, String>> rows = read(csv);
        StringBuilder md = new StringBuilder();
        md.append("\n#### Over the network on loopback: ours vs Cerbos\n\n");
        md.append("`tools/bench/run-network-compare.sh` (run by `run-peers.sh`): policy-service seeded with the ")
                .append("dataset through Kafka (`run-peers.sh` measures on the suite `run-pipeline.sh` has seeded, ")
                .append("before its restarts, so that the dataset is seeded once), a Cerbos PDP with policies ")
                .append("generated from the same role catalogue, the same question sample (our verdicts; every answer of the Java clients verified, wrk's in ")
                .append("aggregate). gRPC: a grpc-java async client; HTTP saturation: wrk; HTTP fixed rates: a Vert.x ")
                .append("client (latency from each check's intended send time). Client and server share the 2 cores.\n\n");
        md.append("| Protocol | Load | Ours: checks/s | Ours: p50 / p99 / p99.9 | Cerbos: checks/s | ")
                .append("Cerbos: p50 / p99 / p99.9 | Ratio |\n|---|---|---|---|---|---|---|\n");
        Map<String, Map<String, String>> ours = new LinkedHashMap<>();
        Map<String, Map<String, String>> cerbos = new LinkedHashMap<>();
        for (Map<String, String> row : rows) {
            String key = row.get("protocol") + "|" + row.get("mode") + "|" + row.get("level") + "|"
                    + (row.get("client").startsWith("wrk") ? "wrk" : "java");
            (row.get("target").startsWith("cerbos") ? cerbos : ours).put(key, row);
        }
        for (Map.Entry<String, Map<String, String>> entry : ours.entrySet()) {
            Map<String, String> o = entry.getValue();
            Map<String, String> c = cerbos.get(entry.getKey());
            boolean closed = o.get("mode").equals("closed");
            String load = closed ? (entry.getKey().endsWith("wrk") ? "saturation, wrk " + o.get("level")
                    + " connections" : "saturation, " + o.get("level") + " in flight")
                    : String.format(Locale.ROOT, "fixed %,d/s", Long.parseLong(o.get("level")));
            String ratio = "–";
            if (c != null && !"true".equals(c.get("kept_up"))) {
                ratio = "Cerbos did not hold the rate";
            } else if (c != null && !"true".equals(o.get("kept_up"))) {
                ratio = "ours did not hold the rate";
            } else if (c != null) {
                double r = closed ? d(o, "answers_per_s") / d(c, "answers_per_s") : d(c, "p99_us") / d(o, "p99_us");
                ratio = String.format(Locale.ROOT, "**%.1f×** %s", r, closed ? "throughput" : "lower p99");
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n",
                    o.get("protocol").equals("grpc") ? "gRPC" : "HTTP", load, rate(o), latencies(o),
                    c == null ? "–" : rate(c), c == null ? "–" : latencies(c), ratio));
        }
        Path assembly = results.resolve("network-compare.assembly.csv");
        if (Files.exists(assembly)) {
            md.append("\nCerbos is asked as its users ask it: the caller assembles the principal (roles, and the grants ")
                    .append("as attributes) and the resource (labels, parent) per request; that assembly is not in ")
                    .append("Cerbos's numbers above. Measured per request by the seeder (`network-compare.assembly.csv`):\n\n```\n")
                    .append(Files.readString(assembly, StandardCharsets.UTF_8).trim()).append("\n```\n");
        }
        return md.toString();
    }

    private static String rate(Map<String, String> row) {
        String kept = "true".equals(row.get("kept_up")) ? "" : " (did not keep up)";
        return String.format(Locale.ROOT, "%,.0f%s", d(row, "answers_per_s"), kept);
    }

    private static String latencies(Map<String, String> row) {
        if (d(row, "p50_us") <= 0) {
            return "– (stopped: " + (row.getOrDefault("note", "").isEmpty() ? "fell behind" : row.get("note")) + ")";
        }
        return String.format(Locale.ROOT, "%s / %s / %s", ms(d(row, "p50_us")), ms(d(row, "p99_us")),
                ms(d(row, "p999_us")));
    }

    private static String ms(double micros) {
        return micros < 10_000 ? String.format(Locale.ROOT, "%.2f ms", micros / 1000)
                : String.format(Locale.ROOT, "%.1f ms", micros / 1000);
    }

    private static double d(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    /** CSV with quoted fields that may hold commas (the client and note columns). */
    static List<Map<String, String>> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        List<String> header = split(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("run_id,")) {
                continue;
            }
            List<String> cells = split(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < cells.size(); i++) {
                row.put(header.get(i), cells.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
