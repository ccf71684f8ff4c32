package io.iamsuite.bench.load;

import io.iamsuite.bench.Args;
import io.iamsuite.bench.Report;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The load harness of the check clients ({@link GrpcCheckLoad}, {@link HttpCheckLoad}): the questions of the sample
 * ({@link Question}) asked through a {@link Transport}, every answer compared with the expected verdict (a wrong
 * answer or a failed call aborts the run), latencies in an HdrHistogram.
 *
 * <ul>
 *   <li><b>Closed loop</b> ({@code --concurrency 8,32,64}): N checks in flight; each answer sends the next one at once.
 *       Throughput at saturation; latency from send to answer.</li>
 *   <li><b>Open loop</b> ({@code --rates 1000,5000,10000}): checks sent on a fixed schedule whatever the answers do, the
 *       i-th at {@code start + i / rate}; latency runs from that intended send time, so a stall of the client or the
 *       server counts for every check it delayed (no coordinated omission).</li>
 * </ul>
 *
 * <p>Each run has a warm-up (not recorded) and a measured window; reported per run: answers per second in the window,
 * p50/p90/p99/p99.9/max, and the CPU used in the window by this client, by the server ({@code --server-pid}) and by
 * the whole machine, in cores (this machine has {@code nproc} of them, shared by client and server).
 */
final class CheckLoad {
    /** How a client asks one check; {@code done} is called exactly once, on any thread. */
    interface Transport extends AutoCloseable {
        void check(int question, Callback done);

        /** For the report: what connects to what. */
        String describe();

        @Override
        void close();
    }

    interface Callback {
        /** {@code error} null: the service answered {@code allowed}. */
        void done(boolean allowed, String error);
    }

    static final String COMMON_USAGE = """
              --questions FILE           the check sample written by DatasetSeeder (default questions.tsv)
              --operator-secret-file F   bearer credential: the operator secret (<state dir>/operator-secret)
              --concurrency 8,32,64      closed-loop runs, checks in flight (empty: none)
              --rates 1000,5000,10000    open-loop runs, checks per second (empty: none)
              --seconds N                measured window of a run (default 20)
              --closed-seconds N         ... of a closed-loop run (default: --seconds)
              --rate-samples N           ... of an open-loop run: long enough for N checks at its rate, at least 3 s
                                         and at most --seconds (default 0: --seconds)
              --warmup-seconds N         warm-up of each run, not recorded (default 5)
              --initial-warmup-checks N  closed loop at 64 in flight before the first run until this many checks are
                                         answered and the answer rate has stopped rising (JIT; two 1 s windows in a
                                         row under 1.03 x the best before them), not recorded (default 150000) ...
              --initial-warmup-seconds N ... or for at most this long (default 120)
              --server-pid PID           report the server's CPU in each window (/proc/PID/stat)
              --aim-rate N               aim: checks/s at saturation (default 20000)
              --aim-p99-ms N             aim: p99 under this (default 5)
              --report-dir DIR           also write <name>.rows.md and <name>.details.md there
            """;
    private static final long HIGHEST_MICROS = Duration.ofSeconds(120).toNanos() / 1000;
    private static final int WARMUP_IN_FLIGHT = 64;

    private final String name;
    private final Transport transport;
    private final Question[] questions;
    private final Settings settings;
    private final List<Run> runs = new ArrayList<>();
    private String lastWarmup = "none";

    record Settings(List<Integer> concurrency, List<Integer> rates, int seconds, int closedSeconds, int rateSamples,
                    int warmupSeconds, int initialWarmupChecks, int initialWarmupSeconds, long serverPid, int aimRate,
                    double aimP99Millis, String reportDir) {
        /** The shortest open-loop window when {@code --rate-samples} sets it. */
        static final int MIN_OPEN_SECONDS = 3;

        static Settings read(Args args) {
            int seconds = args.integer("seconds", 20);
            return new Settings(args.integers("concurrency", "8,32,64"), args.integers("rates", "1000,5000,10000"),
                    seconds, args.integer("closed-seconds", seconds), args.integer("rate-samples", 0),
                    args.integer("warmup-seconds", 5),
                    args.integer("initial-warmup-checks", 150_000), args.integer("initial-warmup-seconds", 120),
                    args.integer("server-pid", 0),
                    args.integer("aim-rate", 20_000), args.integer("aim-p99-ms", 5), args.string("report-dir", null));
        }

        /** An open loop's measured window: {@code rateSamples} checks at {@code rate}, within 3 s .. {@code seconds}. */
        Duration openWindow(int rate) {
            if (rateSamples <= 0) {
                return Duration.ofSeconds(seconds);
            }
            long wanted = (rateSamples + (long) rate - 1) / rate;
            return Duration.ofSeconds(Math.max(Math.min(MIN_OPEN_SECONDS, seconds), Math.min(seconds, wanted)));
        }

        String windows() {
            if (closedSeconds == seconds && rateSamples <= 0) {
                return String.format(Locale.ROOT, "Windows of %d s", seconds);
            }
            return String.format(Locale.ROOT, "Windows of %d s closed loop and, open loop, long enough for %,d checks "
                    + "at the run's rate (%d to %d s)", closedSeconds, rateSamples, Math.min(MIN_OPEN_SECONDS, seconds),
                    seconds);
        }
    }

    /**
     * One measured run. Latencies in microseconds. {@code stopped}: why an open loop stopped sending before the end of
     * its window (it fell behind); the latencies are then those of the checks answered.
     */
    record Run(String mode, int level, double seconds, long answered, long offered, Histogram latency,
               double clientCores, double serverCores, double machineCores, String loadBefore, String stopped) {
        double perSecond() {
            return answered / seconds;
        }

        boolean open() {
            return mode.equals("open");
        }

        /** Open loop: the answers kept up with the schedule (within 3 %). */
        boolean keptUp() {
            return stopped == null && (!open() || perSecond() >= 0.97 * level);
        }
    }

    CheckLoad(String name, Transport transport, Question[] questions, Settings settings) {
        this.name = name;
        this.transport = transport;
        this.questions = questions;
        this.settings = settings;
    }

    /** Exit status of {@link #sweep}: a wrong answer or a failed call. */
    static final int WRONG = 1;
    /** Exit status of {@link #sweep}: checks still unanswered a minute after a run (no wrong answer). */
    static final int UNANSWERED = 3;

    /** Every run the settings ask for, then the report; 0, {@link #WRONG} or {@link #UNANSWERED}. */
    int sweep() {
        progress("%s: %,d questions (%,d allowed), %s", name, questions.length,
                java.util.Arrays.stream(questions).filter(Question::allowed).count(), transport.describe());
        try {
            if (settings.initialWarmupChecks() > 0 && settings.initialWarmupSeconds() > 0) {
                warmUp(settings.initialWarmupChecks(), Duration.ofSeconds(settings.initialWarmupSeconds()));
            }
            for (int concurrency : settings.concurrency()) {
                record(closed(concurrency, Duration.ofSeconds(settings.warmupSeconds()),
                        Duration.ofSeconds(settings.closedSeconds())));
            }
            for (int rate : settings.rates()) {
                record(open(rate, Duration.ofSeconds(settings.warmupSeconds()), settings.openWindow(rate)));
            }
        } catch (Failure failure) {
            System.err.println(name + ": ABORTED: " + failure.getMessage());
            report(failure.getMessage());
            return failure.wrong ? WRONG : UNANSWERED;
        }
        report(null);
        return 0;
    }

    private void record(Run run) {
        runs.add(run);
        progress("%s %s %d: %,.0f answers/s, %s, max %s; CPU client %.2f, server %.2f (%s per check), machine %.2f "
                        + "cores%s", name, run.mode(), run.level(), run.perSecond(), percentiles(run.latency()),
                pct(run.latency(), 100), run.clientCores(), run.serverCores(),
                perCheck(run.serverCores(), run.perSecond()), run.machineCores(),
                run.keptUp() ? "" : " — DID NOT KEEP UP" + (run.stopped() == null ? "" : " (" + run.stopped() + ")"));
    }

    // ---- the two loops ----

    /** A run's shared state: which question is next, what was answered, the first failure. */
    private final class State {
        final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
        final AtomicLong next;
        final AtomicLong answered = new AtomicLong();
        final AtomicLong inFlight = new AtomicLong();
        final AtomicReference<String> failure = new AtomicReference<>();
        final long windowFrom;
        final long windowTo;
        volatile boolean stop;
        /** The failure is a wrong answer or a failed call (not merely checks left unanswered). */
        volatile boolean wrong;

        State(long windowFrom, long windowTo) {
            this.windowFrom = windowFrom;
            this.windowTo = windowTo;
            this.next = new AtomicLong(new SplittableRandom().nextInt(questions.length));
        }

        int nextQuestion() {
            return (int) (next.getAndIncrement() % questions.length);
        }

        /** Checks the answer and records it; {@code measuredAt} decides whether it falls in the window. */
        void answered(int question, boolean allowed, String error, long from, long measuredAt, long now) {
            if (error != null) {
                wrong = true;
                fail("the call for " + questions[question] + " failed: " + error);
                return;
            }
            if (allowed != questions[question].allowed()) {
                wrong = true;
                fail("WRONG ANSWER: " + questions[question] + " was answered " + (allowed ? "allowed" : "denied"));
                return;
            }
            if (measuredAt >= windowFrom && measuredAt < windowTo) {
                recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - from) / 1000)));
            }
            if (now >= windowFrom && now < windowTo) {
                answered.incrementAndGet();
            }
        }

        void fail(String why) {
            failure.compareAndSet(null, why);
            stop = true;
        }
    }

    /** A warm-up window's length, and how much faster than the best before it a window must be to count as rising. */
    static final long PLATEAU_WINDOW_NANOS = 1_000_000_000L;
    static final double RISING = 1.03;

    /**
     * Closed loop at {@value #WARMUP_IN_FLIGHT} in flight until {@code checks} are answered and the answer rate has
     * stopped rising ({@link #plateaued}), or {@code most} passed. A fixed time under-warms a slow machine (its JIT
     * is still compiling when the runs begin) and over-warms a quick one.
     */
    private void warmUp(int checks, Duration most) {
        long start = System.nanoTime();
        State state = new State(start, Long.MAX_VALUE);
        for (int i = 0; i < WARMUP_IN_FLIGHT; i++) {
            state.inFlight.incrementAndGet();
            sendClosed(state);
        }
        long deadline = start + most.toNanos();
        List<Double> rates = new ArrayList<>();
        long windowStart = start;
        long windowAnswered = 0;
        boolean plateau = false;
        while (!state.stop && System.nanoTime() < deadline && !(plateau && state.answered.get() >= checks)) {
            LockSupport.parkNanos(100_000_000L);
            long now = System.nanoTime();
            if (now - windowStart >= PLATEAU_WINDOW_NANOS) {
                long answered = state.answered.get();
                rates.add((answered - windowAnswered) / ((now - windowStart) / 1e9));
                windowStart = now;
                windowAnswered = answered;
                plateau = plateaued(rates);
            }
        }
        state.stop = true;
        drain(state);
        if (state.failure.get() != null) {
            throw new Failure("warm-up: " + state.failure.get(), state.wrong);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String last = rates.subList(Math.max(0, rates.size() - 4), rates.size()).stream()
                .map(r -> String.format(Locale.ROOT, "%,.0f", r)).collect(Collectors.joining(", "));
        String ended = plateau && state.answered.get() >= checks ? "the rate stopped rising" : "at its time limit";
        progress("warm-up (not recorded): %,d checks answered in %.0f s (%,.0f/s) at %d in flight, ended %s "
                        + "(last 1 s windows: %s/s)", state.answered.get(), seconds, state.answered.get() / seconds,
                WARMUP_IN_FLIGHT, ended, last);
        lastWarmup = String.format(Locale.ROOT, "%,d checks in %.0f s, ended %s", state.answered.get(), seconds, ended);
    }

    /**
     * Whether the answer rate has stopped rising: the last two windows each under {@link #RISING} times the best
     * window before them (a single slow window, a collection say, does not end the warm-up).
     */
    static boolean plateaued(List<Double> rates) {
        int n = rates.size();
        if (n < 3) {
            return false;
        }
        double best = 0;
        for (int i = 0; i < n - 2; i++) {
            best = Math.max(best, rates.get(i));
        }
        return rates.get(n - 2) < best * RISING && rates.get(n - 1) < best * RISING;
    }

    private Run closed(int concurrency, Duration warmup, Duration window) {
        String loadBefore = Report.loadAverage();
        long start = System.nanoTime();
        State state = new State(start + warmup.toNanos(), start + warmup.toNanos() + window.toNanos());
        for (int i = 0; i < concurrency; i++) {
            state.inFlight.incrementAndGet();
            sendClosed(state);
        }
        Cpu before = sleepUntil(state, state.windowFrom);
        Cpu after = sleepUntil(state, state.windowTo);
        state.stop = true;
        drain(state);
        return finish(state, "closed", concurrency, window, 0, before, after, loadBefore, null);
    }

    private void sendClosed(State state) {
        if (state.stop) {
            state.inFlight.decrementAndGet();
            return;
        }
        int question = state.nextQuestion();
        long sent = System.nanoTime();
        transport.check(question, (allowed, error) -> {
            long now = System.nanoTime();
            state.answered(question, allowed, error, sent, now, now);
            sendClosed(state);
        });
    }

    private Run open(int rate, Duration warmup, Duration window) {
        String loadBefore = Report.loadAverage();
        double period = 1e9 / rate;
        Cpu atStart = Cpu.now(settings.serverPid());
        long start = System.nanoTime();
        State state = new State(start + warmup.toNanos(), start + warmup.toNanos() + window.toNanos());
        Cpu before = null;
        String stopped = null;
        long offered = 0;
        for (long i = 0; !state.stop; ) {
            long intended = start + (long) (i * period);
            if (intended >= state.windowTo) {
                break;
            }
            long now = System.nanoTime();
            if (before == null && now >= state.windowFrom) {
                before = Cpu.now(settings.serverPid());
            }
            if (intended > now) {
                LockSupport.parkNanos(intended - now);
                continue;
            }
            // Five seconds' worth of checks unanswered (at most 10,000): the server has fallen behind the schedule for
            // good; going on would only pile up a backlog that the next run would still be waiting behind.
            if (state.inFlight.get() >= Math.min(5L * rate, 10_000)) {
                stopped = String.format(Locale.ROOT, "%,d checks unanswered %.1f s into the run", state.inFlight.get(),
                        (now - start) / 1e9);
                break;
            }
            int question = state.nextQuestion();
            state.inFlight.incrementAndGet();
            if (intended >= state.windowFrom) {
                offered++;
            }
            transport.check(question, (allowed, error) -> {
                state.answered(question, allowed, error, intended, intended, System.nanoTime());
                state.inFlight.decrementAndGet();
            });
            i++;
        }
        // Stopped (fallen behind): the CPU is that of the time it was sending, from the window's start or, stopped
        // during the warm-up, from the run's (before this, a run stopped in its warm-up reported the idle time after
        // the stop, as if client and server had stalled); no waiting out the window.
        if (before == null) {
            before = stopped != null ? atStart : Cpu.now(settings.serverPid());
        }
        Cpu after = stopped != null ? Cpu.now(settings.serverPid()) : sleepUntil(state, state.windowTo);
        state.stop = true;
        drain(state);
        return finish(state, "open", rate, window, offered, before, after, loadBefore, stopped);
    }

    private Cpu sleepUntil(State state, long deadline) {
        while (!state.stop) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(Math.min(left, 50_000_000L));
        }
        return Cpu.now(settings.serverPid());
    }

    /** Waits (at most 60 s) for the checks still in flight, so that their answers are verified and recorded. */
    private static void drain(State state) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (state.inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000L);
        }
        if (state.inFlight.get() > 0) {
            state.fail(state.inFlight.get() + " checks still unanswered 60 s after the run");
        }
    }

    private Run finish(State state, String mode, int level, Duration window, long offered, Cpu before, Cpu after,
                       String loadBefore, String stopped) {
        if (state.failure.get() != null) {
            throw new Failure(mode + " loop at " + level + ": " + state.failure.get(), state.wrong);
        }
        double seconds = window.toNanos() / 1e9;
        double wall = (after.wallNanos - before.wallNanos) / 1e9;
        return new Run(mode, level, seconds, state.answered.get(), offered, state.recorder.getIntervalHistogram(),
                (after.clientNanos - before.clientNanos) / 1e9 / wall, (after.serverTicks - before.serverTicks) / 100.0 / wall,
                (after.machineBusyTicks - before.machineBusyTicks) / 100.0 / wall, loadBefore, stopped);
    }

    private static final class Failure extends RuntimeException {
        final boolean wrong;

        Failure(String message, boolean wrong) {
            super(message);
            this.wrong = wrong;
        }
    }

    // ---- CPU ----

    /** CPU used so far: this JVM (ns), the server process and the whole machine (busy clock ticks, 100 per s). */
    private record Cpu(long wallNanos, long clientNanos, long serverTicks, long machineBusyTicks) {
        static Cpu now(long serverPid) {
            long client = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Cpu(System.nanoTime(), client, readProcessTicks(serverPid), readMachineBusyTicks());
        }

        static long readProcessTicks(long pid) {
            if (pid <= 0) {
                return 0;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);   // utime, stime (fields 14, 15)
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        static long readMachineBusyTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    if (i != 4 && i != 5) {   // idle, iowait
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    // ---- report ----

    private void report(String abort) {
        Report report = new Report(name, settings.reportDir());
        Run best = null;
        for (Run run : runs) {
            if (!run.open() && (best == null || run.perSecond() > best.perSecond())) {
                best = run;
            }
        }
        String aim = String.format(Locale.ROOT, "≥ %s checks/s with p99 < %s ms", Report.number(settings.aimRate()),
                trim(settings.aimP99Millis()));
        if (best != null) {
            double p99 = best.latency().getValueAtPercentile(99) / 1000.0;
            boolean rateMet = best.perSecond() >= settings.aimRate();
            boolean p99Met = p99 < settings.aimP99Millis();
            String levels = settings.concurrency().stream().map(String::valueOf).collect(Collectors.joining(", "));
            report.row(name + " check at saturation (closed loop, best of " + levels + " in flight)",
                    String.format(Locale.ROOT, "**%s checks/s** at %d in flight, p99 %s", Report.number(best.perSecond()),
                            best.level(), pct(best.latency(), 99)),
                    aim, rateMet && p99Met ? "met"
                            : "**not met** (" + (rateMet ? "p99" : p99Met ? "rate" : "rate and p99") + ")");
        }
        for (Run run : runs) {
            if (run.open()) {
                double p99 = run.latency().getValueAtPercentile(99) / 1000.0;
                report.row(String.format(Locale.ROOT, "%s check at a fixed %s checks/s (open loop)", name,
                                Report.number(run.level())),
                        String.format(Locale.ROOT, "p50 %s · p99 %s · p99.9 %s%s", pct(run.latency(), 50),
                                pct(run.latency(), 99), pct(run.latency(), 99.9),
                                run.keptUp() ? "" : " (did not keep up" + (run.stopped() == null ? ")"
                                        : ": " + run.stopped() + ")")),
                        "p99 < " + trim(settings.aimP99Millis()) + " ms",
                        run.keptUp() && p99 < settings.aimP99Millis() ? "met" : "**not met**");
            }
        }
        report.details("**%s** (%s; every answer compared with the expected verdict%s):", name, transport.describe(),
                abort == null ? ", all right" : "; ABORTED: " + abort);
        report.details("");
        report.details("| mode | in flight / rate | answers/s | p50 | p90 | p99 | p99.9 | max | CPU client | CPU server | CPU machine | server CPU per check | load avg before |");
        report.details("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Run run : runs) {
            Histogram h = run.latency();
            report.details("| %s | %s | %s%s | %s | %s | %s | %s | %s | %.2f | %.2f | %.2f | %s | %s |",
                    run.open() ? "open loop" : "closed loop",
                    run.open() ? Report.number(run.level()) + "/s" : run.level() + " in flight",
                    Report.number(run.perSecond()), run.keptUp() ? "" : " (behind" + (run.stopped() == null ? ")"
                            : ": " + run.stopped() + ")"),
                    pct(h, 50), pct(h, 90), pct(h, 99),
                    pct(h, 99.9), pct(h, 100), run.clientCores(), run.serverCores(),
                    run.machineCores(), perCheck(run.serverCores(), run.perSecond()), run.loadBefore());
        }
        report.details("");
        report.details("%s after %d s of warm-up each (and before the first run, at %d in flight: %s); "
                        + "CPU in cores used during the window (the machine has %d), by this client JVM, by policy-service "
                        + "(/proc/<pid>/stat) and by everything on the machine; server CPU per check = its CPU time in the "
                        + "window / the checks answered.", settings.windows(),
                settings.warmupSeconds(), WARMUP_IN_FLIGHT, lastWarmup, Runtime.getRuntime().availableProcessors());
        report.write();
    }

    /** CPU time per answer, in microseconds. */
    static String perCheck(double cores, double perSecond) {
        return perSecond <= 0 ? "–" : String.format(Locale.ROOT, "%.0f µs", cores * 1e6 / perSecond);
    }

    private static String percentiles(Histogram micros) {
        return String.format(Locale.ROOT, "p50 %s · p90 %s · p99 %s · p99.9 %s", pct(micros, 50),
                pct(micros, 90), pct(micros, 99),
                pct(micros, 99.9));
    }

    /** A percentile of a histogram of microseconds, in milliseconds; "–" if nothing was recorded. */
    static String pct(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? "–" : ms(micros.getValueAtPercentile(percentile));
    }

    /** Microseconds as milliseconds, two decimals under 10 ms. */
    static String ms(long micros) {
        double millis = micros / 1000.0;
        return millis < 10 ? String.format(Locale.ROOT, "%.2f ms", millis) : Report.ms(millis);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    static void progress(String format, Object... args) {
        Report.progress(format, args);
    }

    static String bearer(String secretFile) {
        if (secretFile == null) {
            throw new IllegalArgumentException("--operator-secret-file is required");
        }
        try {
            return "Bearer " + Files.readString(Path.of(secretFile)).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + secretFile + ": " + e.getMessage(), e);
        }
    }
}
