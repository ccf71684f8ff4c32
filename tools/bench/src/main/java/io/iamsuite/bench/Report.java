package io.iamsuite.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Progress on stdout, and the results as two Markdown fragments in the report directory (if one was given):
 * {@code <name>.rows.md}, rows of the summary table ({@code | Measure | Result | Aim | Verdict |}), and
 * {@code <name>.details.md}, everything else. run-foundation.sh assembles them into docs/benchmarks.md.
 */
public final class Report {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String name;
    private final Path directory;
    private final List<String> rows = new ArrayList<>();
    private final StringBuilder details = new StringBuilder();

    public Report(String name, String directory) {
        this.name = name;
        this.directory = directory == null ? null : Path.of(directory);
    }

    public static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%s] %s%n", LocalTime.now().format(CLOCK), String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    public void row(String measure, String result, String aim, String verdict) {
        rows.add("| " + measure + " | " + result + " | " + aim + " | " + verdict + " |");
    }

    public void details(String format, Object... args) {
        details.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    public void write() {
        System.out.println();
        System.out.println("| Measure | Result | Aim | Verdict |");
        System.out.println("|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.print(details);
        if (directory == null) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(name + ".rows.md"), String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(name + ".details.md"), details.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    public static String ms(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f ms", millis) : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    /** A histogram recorded in microseconds, as p50 / p90 / p99 / max in milliseconds. */
    public static String percentiles(Histogram micros) {
        return String.format(Locale.ROOT, "p50 %s · p90 %s · p99 %s · max %s",
                ms(micros.getValueAtPercentile(50) / 1000.0), ms(micros.getValueAtPercentile(90) / 1000.0),
                ms(micros.getValueAtPercentile(99) / 1000.0), ms(micros.getMaxValue() / 1000.0));
    }

    public static String number(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    public static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static double median(double... values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
