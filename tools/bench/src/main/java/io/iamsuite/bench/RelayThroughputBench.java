package io.iamsuite.bench;

import io.iamsuite.events.EventSource;
import io.iamsuite.events.Ids;
import io.iamsuite.eventstore.EventStoreConfig;
import io.iamsuite.eventstore.OutboxRelay;
import io.iamsuite.messaging.KafkaTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How fast {@link OutboxRelay} publishes committed events to a real Kafka broker.
 *
 * <p><b>Drain</b> (run {@code --runs} times, median reported): a fresh database gets {@code --events} committed,
 * unpublished {@code identity.member-added} events spread round-robin over {@code --workspaces} workspaces (positions
 * gap-free per workspace, {@code workspace_head} set accordingly), then a relay built by hand is started and timed
 * from {@code start()} until {@code publishedCount() == N}. A consumer then reads the topic from the beginning and
 * checks that every event arrived, per workspace in position order.
 *
 * <p><b>Steady state</b>: writers commit one event per transaction at full speed the way EventStore does (advance the
 * workspace head, insert, commit, wake the relay) while the relay runs; measured over a window after a warm-up:
 * events/s written, events/s published, the backlog, and the latency from commit to a consumer seeing the event.
 */
public final class RelayThroughputBench {
    static final String USAGE = """
            RelayThroughputBench: OutboxRelay throughput, PostgreSQL -> Kafka.
              --bootstrap HOST:PORT        Kafka broker (default 127.0.0.1:9092)
              --pg-host HOST --pg-port N   PostgreSQL (default 127.0.0.1:5432), --pg-user/--pg-password (postgres)
              --events N                   events per drain run (default 100000)
              --workspaces N               workspaces they are spread over (default 100)
              --runs N                     drain runs; the median is reported (default 3)
              --batch-size N               the relay's iam.relay.batch-size (default 1000, the relay's default)
              --sweep N,N,...              also one drain run per listed batch size (default: none)
              --steady-seconds N           steady-state measuring window, 0 to skip (default 20)
              --steady-warmup-seconds N    not measured (default 5)
              --writers N                  steady-state writer threads (default 2)
              --events-per-commit N,N,...  events each writer commits per transaction; one steady-state run
                                           per value (default 1,10: single-event commands, then bulk ones
                                           that write faster than the relay publishes)
              --profile-events N           events per variant of the per-phase profile (RelayProfile), 0 skips
                                           (default 50000)
              --aim N                      events/s the relay should reach (default 5000)
              --report-dir DIR             also write relay.rows.md and relay.details.md there
              --keep-db                    do not drop the benchmark databases
            """;

    private final String bootstrap;
    private final String pgHost;
    private final int pgPort;
    private final String pgUser;
    private final String pgPassword;
    private final int workspaces;
    private final boolean keep;
    private final Vertx vertx = Vertx.vertx();

    private RelayThroughputBench(String bootstrap, String pgHost, int pgPort, String pgUser, String pgPassword,
                                 int workspaces, boolean keep) {
        this.bootstrap = bootstrap;
        this.pgHost = pgHost;
        this.pgPort = pgPort;
        this.pgUser = pgUser;
        this.pgPassword = pgPassword;
        this.workspaces = workspaces;
        this.keep = keep;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        String bootstrap = args.string("bootstrap", "127.0.0.1:9092");
        String pgHost = args.string("pg-host", "127.0.0.1");
        int pgPort = args.integer("pg-port", 5432);
        String pgUser = args.string("pg-user", "postgres");
        String pgPassword = args.string("pg-password", "postgres");
        int events = args.integer("events", 100_000);
        int workspaces = args.integer("workspaces", 100);
        int runs = args.integer("runs", 3);
        int batchSize = args.integer("batch-size", 1000);
        List<Integer> sweep = args.integers("sweep", "");
        int steadySeconds = args.integer("steady-seconds", 20);
        int warmupSeconds = args.integer("steady-warmup-seconds", 5);
        int writers = args.integer("writers", 2);
        List<Integer> perCommits = args.integers("events-per-commit", "1,10");
        int profileEvents = args.integer("profile-events", 50_000);
        int aim = args.integer("aim", 5000);
        String reportDir = args.string("report-dir", null);
        boolean keep = args.flag("keep-db");
        args.done();
        Quiet.logging();

        Report report = new Report("relay", reportDir);
        Report.progress("RelayThroughputBench: Kafka %s, PostgreSQL %s:%d, %,d events over %d workspaces, %d runs,"
                + " relay batch size %d; JVM %s, %d CPUs", bootstrap, pgHost, pgPort, events, workspaces, runs, batchSize,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        RelayThroughputBench bench = new RelayThroughputBench(bootstrap, pgHost, pgPort, pgUser, pgPassword, workspaces,
                keep);
        int exit = 0;
        try {
            if (runs > 0) {
                List<Double> rates = new ArrayList<>();
                List<Drain> drains = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    Drain drain = bench.drain("run " + run + "/" + runs, events, batchSize);
                    drains.add(drain);
                    rates.add(drain.eventsPerSecond());
                }
                double median = Report.median(rates);
                report.row("Relay drain: " + Report.number(events) + " committed events → Kafka (median of " + runs + ")",
                        "**" + Report.number(median) + " events/s**", "≥ " + Report.number(aim) + " events/s",
                        median >= aim ? "met" : "**missed**");
                report.details("**Relay drain** (`OutboxRelay` built by hand: batch size %d, poll interval 200 ms;"
                        + " producer as in the relay: idempotent, acks=all, one request in flight, linger 2 ms, lz4;"
                        + " topic with 3 partitions):%n",
                        batchSize);
                report.details("| Run | Events | Time | Events/s | Load avg before | Verified by consumer |");
                report.details("|---|---|---|---|---|---|");
                for (int i = 0; i < drains.size(); i++) {
                    Drain d = drains.get(i);
                    report.details("| %d | %s | %.2f s | %s | %s | %s |", i + 1, Report.number(d.events), d.seconds(),
                            Report.number(d.eventsPerSecond()), d.loadBefore, d.verification);
                }
                Drain first = drains.get(0);
                report.details("%nPayload: `identity.member-added` data %.0f bytes on average (JSONB column); the Kafka"
                        + " record value (CloudEvents-style envelope written by the relay) %.0f bytes plus 8 headers;"
                        + " loading the %s events with COPY took %.1f s.%n", first.avgDataBytes, first.avgRecordBytes,
                        Report.number(first.events), first.loadSeconds);
            }

            if (!sweep.isEmpty()) {
                report.details("**Batch-size sweep** (one drain run each, same %s events; `iam.relay.batch-size`):%n",
                        Report.number(events));
                report.details("| Batch size | Time | Events/s | Load avg before |");
                report.details("|---|---|---|---|");
                for (int size : sweep) {
                    Drain d = bench.drain("sweep batch " + size, events, size);
                    report.details("| %d | %.2f s | %s | %s |", size, d.seconds(), Report.number(d.eventsPerSecond()),
                            d.loadBefore);
                }
                report.details("");
            }

            if (profileEvents > 0) {
                bench.profile(profileEvents, batchSize, report);
            }

            if (steadySeconds > 0) {
                for (int perCommit : perCommits) {
                    Steady steady = bench.steady(writers, perCommit, warmupSeconds, steadySeconds, batchSize);
                    String what = writers + " writers, " + perCommit + (perCommit == 1 ? " event" : " events")
                            + " per commit";
                    // the relay kept up when what was left at the end of the window is under a second's worth
                    boolean keptUp = steady.backlogAtEnd <= Math.max(steady.writtenPerSecond, batchSize);
                    String verdict = steady.publishedPerSecond >= aim ? "met"
                            : keptUp ? "not reached: the relay kept up, the writers were the limit"
                            : "**missed**: the relay fell behind";
                    report.row("Relay steady state (" + what + ", at full speed, relay running): published end-to-end",
                            "**" + Report.number(steady.publishedPerSecond) + " events/s** ("
                                    + Report.number(steady.writtenPerSecond) + " written/s, backlog "
                                    + Report.number(steady.backlogAtEnd) + " at the end)",
                            "≥ " + Report.number(aim) + " events/s", verdict);
                    report.row("Relay steady state (" + what + "): commit → consumer latency",
                            Report.percentiles(steady.latency), "–", "–");
                    report.details("**Relay steady state, %s** (%d writer threads, one JDBC transaction per command"
                            + " of %d event(s) as EventStore does it: advance the workspace head, insert, commit,"
                            + " `relay.wakeUp()`; the relay primed with one event per workspace, %d s warm-up, then %d s"
                            + " measured): %s events written/s, %s published/s, backlog at the end of the window %s"
                            + " events (drained %.1f s after the writers stopped), %s events verified by the consumer."
                            + " Commit → consumer latency over the %s events committed in the window: %s."
                            + " Load avg before: %s.%n",
                            what, writers, perCommit, warmupSeconds, steadySeconds,
                            Report.number(steady.writtenPerSecond), Report.number(steady.publishedPerSecond),
                            Report.number(steady.backlogAtEnd), steady.drainSeconds, Report.number(steady.totalEvents),
                            Report.number(steady.latency.getTotalCount()), Report.percentiles(steady.latency),
                            steady.loadBefore);
                }
            }
        } catch (RuntimeException | Error e) {
            exit = 1;
            Report.progress("FAILED: %s", e);
            e.printStackTrace();
            report.row("Relay", "FAILED: " + e.getMessage(), "", "**failed**");
        } finally {
            bench.vertx.closeAndAwait();
        }
        report.write();
        System.exit(exit);
    }

    record Drain(long events, long nanos, String loadBefore, String verification, double loadSeconds,
                 double avgDataBytes, double avgRecordBytes) {
        double seconds() {
            return nanos / 1e9;
        }

        double eventsPerSecond() {
            return events / seconds();
        }
    }

    /** Loads {@code events} unpublished events into a fresh database and times one relay publishing them all. */
    private Drain drain(String label, int events, int batchSize) throws Exception {
        try (BenchDatabase db = BenchDatabase.create(pgHost, pgPort, pgUser, pgPassword, keep)) {
            Report.progress("%s: database %s, loading %,d events ...", label, db.name, events);
            long loadStart = System.nanoTime();
            Map<String, Long> lastPositions = new HashMap<>();
            double avgData = load(db, events, lastPositions);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            Report.progress("%s: loaded in %.1f s (avg data %.0f bytes)", label, loadSeconds, avgData);

            String namespace = "bench" + BenchDatabase.random(8);
            String topic = EventSource.IDENTITY.topic(namespace);
            KafkaTopics.ensure(bootstrap, List.of(topic), 3, (short) 1);
            Pool pool = pool(db);
            OutboxRelay relay = new OutboxRelay(pool, new Config(namespace, batchSize), bootstrap,
                    new SimpleMeterRegistry());
            String load = Report.loadAverage();
            long start = System.nanoTime();
            long nanos;
            try {
                relay.start();
                awaitPublished(label, relay, events, start);
                nanos = System.nanoTime() - start;
            } finally {
                relay.stop();
                pool.close().await().atMost(Duration.ofSeconds(10));
            }
            double rate = events / (nanos / 1e9);
            Report.progress("%s: published %,d events in %.2f s = %,.0f events/s; verifying with a consumer ...",
                    label, events, nanos / 1e9, rate);
            try (Connection connection = db.connect()) {
                long unpublished = BenchDatabase.queryLong(connection, "SELECT count(*) FROM event_log WHERE NOT published");
                if (unpublished != 0) {
                    throw new IllegalStateException(unpublished + " events are still unpublished");
                }
            }
            Verification verification = verify(topic, lastPositions, events);
            Report.progress("%s: %s", label, verification.summary());
            return new Drain(events, nanos, load, verification.summary(), loadSeconds, avgData,
                    verification.avgValueBytes());
        }
    }

    /** Runs {@link RelayProfile} variants, each on a fresh database with the same kind of load. */
    private void profile(int events, int batchSize, Report report) throws Exception {
        List<RelayProfile.Variant> variants = List.of(
                new RelayProfile.Variant("as OutboxRelay does it", batchSize, null, RelayProfile.Mark.UPDATE_EVENT_LOG),
                new RelayProfile.Variant("producer `batch.size` 256 KiB", batchSize, 256 * 1024,
                        RelayProfile.Mark.UPDATE_EVENT_LOG),
                new RelayProfile.Variant("mark by DELETE from a narrow `outbox(seq)` table", batchSize, null,
                        RelayProfile.Mark.DELETE_FROM_OUTBOX_TABLE),
                new RelayProfile.Variant("both", batchSize, 256 * 1024, RelayProfile.Mark.DELETE_FROM_OUTBOX_TABLE),
                new RelayProfile.Variant("both, batch size " + batchSize * 5, batchSize * 5, 256 * 1024,
                        RelayProfile.Mark.DELETE_FROM_OUTBOX_TABLE));
        if (events < batchSize * 5 * 3) {
            events = batchSize * 5 * 3; // at least three batches of the largest variant
            Report.progress("profile: %,d events per variant (three batches of the largest)", events);
        }
        List<RelayProfile.Phases> results = new ArrayList<>();
        List<RelayProfile.Variant> runs = new ArrayList<>();
        // a first, unreported pass warms the JIT up for all of them (the drain runs may have been skipped)
        runs.add(new RelayProfile.Variant("warm-up", batchSize, 256 * 1024, RelayProfile.Mark.DELETE_FROM_OUTBOX_TABLE));
        runs.add(new RelayProfile.Variant("warm-up", batchSize, null, RelayProfile.Mark.UPDATE_EVENT_LOG));
        runs.addAll(variants);
        for (RelayProfile.Variant variant : runs) {
            boolean warmup = variant.name().equals("warm-up");
            int count = warmup ? Math.min(events, 20_000) : events;
            String label = "profile '" + variant.name() + "'";
            try (BenchDatabase db = BenchDatabase.create(pgHost, pgPort, pgUser, pgPassword, keep)) {
                Report.progress("%s: loading %,d events into %s ...", label, count, db.name);
                load(db, count, new HashMap<>());
                if (variant.mark() == RelayProfile.Mark.DELETE_FROM_OUTBOX_TABLE) {
                    try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
                        statement.execute("CREATE TABLE outbox (seq BIGINT PRIMARY KEY)");
                        statement.execute("INSERT INTO outbox SELECT seq FROM event_log");
                        statement.execute("VACUUM ANALYZE outbox");
                    }
                }
                String topic = EventSource.IDENTITY.topic("bench" + BenchDatabase.random(8));
                KafkaTopics.ensure(bootstrap, List.of(topic), 3, (short) 1);
                Pool pool = pool(db);
                try {
                    RelayProfile.Phases phases = new RelayProfile(bootstrap).run(variant, pool, topic);
                    if (phases.published != count) {
                        throw new IllegalStateException(label + " published " + phases.published + " of " + count);
                    }
                    Report.progress("%s: %,.0f events/s; per batch: select %.1f ms, encode %.1f ms, send %.1f ms,"
                            + " flush+acks %.1f ms, mark %.1f ms, commit %.1f ms", label, phases.eventsPerSecond(),
                            phases.perBatch(phases.select), phases.perBatch(phases.encode), phases.perBatch(phases.send),
                            phases.perBatch(phases.flushAcks), phases.perBatch(phases.mark),
                            phases.perBatch(phases.commit));
                    if (!warmup) {
                        results.add(phases);
                    }
                } finally {
                    pool.close().await().atMost(Duration.ofSeconds(10));
                }
            }
        }
        report.details("**Where a relay batch's time goes** (`RelayProfile`: a replica of `OutboxRelay.publishBatch` with"
                + " the same SQL, producer settings and encoding, timed per phase; %s events per variant, fresh"
                + " database each, first batch left out; mean milliseconds per batch):%n", Report.number(events));
        report.details("| Variant | connection + begin + lock | select | encode | `send()` | flush + acks | mark published"
                + " | commit | batch | events/s |");
        report.details("|---|---|---|---|---|---|---|---|---|---|");
        results.forEach(r -> report.details("%s", r.row()));
        report.details("%nFirst tenth → last tenth of the batches: %s.%n", String.join("; ", results.stream()
                .map(r -> "*" + r.variant + "*: select " + RelayProfile.Phases.trend(r.selectPerBatch) + ", mark "
                        + RelayProfile.Phases.trend(r.markPerBatch))
                .toList()));
    }

    private void awaitPublished(String label, OutboxRelay relay, long target, long start) throws InterruptedException {
        long timeout = Math.max(180, target / 200) * 1_000_000_000L;
        long lastReport = start;
        long lastCount = 0;
        while (relay.publishedCount() < target) {
            Thread.sleep(2);
            long now = System.nanoTime();
            if (now - lastReport >= 2_000_000_000L) {
                long count = relay.publishedCount();
                Report.progress("%s: %,d / %,d published (%,.0f events/s now)%s", label, count, target,
                        (count - lastCount) / ((now - lastReport) / 1e9),
                        relay.lastError() == null ? "" : "; relay error: " + relay.lastError());
                lastReport = now;
                lastCount = count;
            }
            if (now - start > timeout) {
                throw new IllegalStateException("the relay published only " + relay.publishedCount() + " of " + target
                        + " within " + timeout / 1_000_000_000L + " s; last error: " + relay.lastError());
            }
        }
    }

    /** COPYs {@code events} member-added events, round-robin over the workspaces; returns the average data size. */
    private double load(BenchDatabase db, int events, Map<String, Long> lastPositions) throws SQLException {
        return load(db, workspaceIds(), events, lastPositions);
    }

    private double load(BenchDatabase db, List<String> ids, int events, Map<String, Long> lastPositions)
            throws SQLException {
        MemberEvents generator = new MemberEvents(42);
        long dataBytes = 0;
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            StringBuilder rows = new StringBuilder(16 << 20);
            OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            for (int i = 0; i < events; i++) {
                String workspace = ids.get(i % ids.size());
                long position = lastPositions.merge(workspace, 1L, Long::sum);
                MemberEvents.Member member = generator.next(i);
                dataBytes += member.json().getBytes(StandardCharsets.UTF_8).length;
                rows.append(UUID.randomUUID()).append('\t')
                        .append(workspace).append('\t')
                        .append(position).append('\t')
                        .append(BenchDatabase.copyText(MemberEvents.streamId(workspace, member.userId()))).append('\t')
                        .append(1).append('\t')
                        .append(MemberEvents.EVENT_TYPE).append('\t')
                        .append(MemberEvents.SCHEMA_VERSION).append('\t')
                        .append(BenchDatabase.copyText(member.json())).append('\t')
                        .append(at.plusNanos(i * 1000L)).append('\t')
                        .append("SYSTEM\tsystem\t")
                        .append("req-bench-").append(i).append('\n');
                if ((i + 1) % 20_000 == 0 || i == events - 1) {
                    BenchDatabase.copy(connection, "event_log", MemberEvents.COLUMNS, rows);
                    rows.setLength(0);
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO workspace_head (workspace_id, position)"
                        + " SELECT workspace_id, max(position) FROM event_log GROUP BY workspace_id");
            }
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE event_log");
                statement.execute("VACUUM ANALYZE workspace_head");
            }
        }
        return (double) dataBytes / events;
    }

    private List<String> workspaceIds() {
        List<String> ids = new ArrayList<>(workspaces);
        for (int i = 0; i < workspaces; i++) {
            ids.add(Ids.next("ws"));
        }
        return ids;
    }

    record Verification(long records, long duplicates, double avgValueBytes) {
        String summary() {
            return String.format(Locale.ROOT, "%,d records, in order per workspace, no gap%s", records,
                    duplicates == 0 ? ", no duplicate" : ", " + duplicates + " duplicates (at-least-once)");
        }
    }

    /** Reads the whole topic: every workspace must have exactly positions 1..last, in order (duplicates tolerated). */
    private Verification verify(String topic, Map<String, Long> lastPositions, long expected) {
        Map<String, Long> seen = new HashMap<>();
        long records = 0;
        long duplicates = 0;
        long valueBytes = 0;
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the consumer read only " + records + " records within 120 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    valueBytes += record.value().length;
                    long position = Long.parseLong(header(record, "iam_position"));
                    long last = seen.getOrDefault(record.key(), 0L);
                    if (position <= last) {
                        duplicates++;
                    } else if (position != last + 1) {
                        throw new IllegalStateException("workspace " + record.key() + ": position " + position
                                + " follows " + last + " (a gap or out of order)");
                    } else {
                        seen.put(record.key(), position);
                    }
                }
            }
        }
        if (!seen.equals(lastPositions)) {
            throw new IllegalStateException("the topic does not hold every event: expected " + expected
                    + " events over " + lastPositions.size() + " workspaces, read " + records + " over " + seen.size());
        }
        return new Verification(records, duplicates, (double) valueBytes / Math.max(1, records));
    }

    record Steady(double writtenPerSecond, double publishedPerSecond, long backlogAtEnd, double drainSeconds,
                  long totalEvents, Histogram latency, String loadBefore) {
    }

    /** Writers at full speed and the relay at the same time; see the class comment. */
    private Steady steady(int writers, int perCommit, int warmupSeconds, int seconds, int batchSize) throws Exception {
        String label = "steady state";
        try (BenchDatabase db = BenchDatabase.create(pgHost, pgPort, pgUser, pgPassword, keep)) {
            String namespace = "bench" + BenchDatabase.random(8);
            String topic = EventSource.IDENTITY.topic(namespace);
            KafkaTopics.ensure(bootstrap, List.of(topic), 3, (short) 1);
            Pool pool = pool(db);
            OutboxRelay relay = new OutboxRelay(pool, new Config(namespace, batchSize), bootstrap,
                    new SimpleMeterRegistry());
            List<String> ids = workspaceIds();
            AtomicBoolean stopWriters = new AtomicBoolean();
            AtomicBoolean stopConsumer = new AtomicBoolean();
            AtomicLong committed = new AtomicLong();
            AtomicLong consumed = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            // only events committed inside the measuring window are recorded; [from, to) in epoch micros
            AtomicLong windowFrom = new AtomicLong(Long.MAX_VALUE);
            AtomicLong windowTo = new AtomicLong(Long.MAX_VALUE);
            Histogram latency = new Histogram(3_600_000_000L, 3);

            Thread consumerThread = new Thread(() -> {
                try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                    List<TopicPartition> partitions = new ArrayList<>();
                    consumer.partitionsFor(topic, Duration.ofSeconds(30))
                            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    while (!stopConsumer.get()) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                            long now = micros(Instant.now());
                            long committedAt = micros(Instant.parse(header(record, "ce_time")));
                            if (committedAt >= windowFrom.get() && committedAt < windowTo.get()) {
                                latency.recordValue(Math.max(0, now - committedAt));
                            }
                            consumed.incrementAndGet();
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-consumer");
            List<Thread> writerThreads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int seed = w;
                writerThreads.add(new Thread(() -> {
                    try {
                        write(db, ids, seed, perCommit, relay, stopWriters, committed);
                    } catch (SQLException | RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }, "bench-writer-" + w));
            }
            String load = Report.loadAverage();
            Report.progress("%s: database %s, %d writers + relay + consumer, %d s warm-up then %d s measured ...",
                    label, db.name, writers, warmupSeconds, seconds);
            try {
                // prime the relay (producer, topic metadata, JIT) with one event per workspace, as a running service's
                // relay would be; the writers continue these workspaces' positions
                load(db, ids, ids.size(), new HashMap<>());
                committed.set(ids.size());
                relay.start();
                awaitPublished(label + " (priming the relay)", relay, ids.size(), System.nanoTime());
                consumerThread.start();
                writerThreads.forEach(Thread::start);
                sleepReporting(label, warmupSeconds, committed, relay, failure);
                windowFrom.set(micros(Instant.now()));
                long c0 = committed.get();
                long p0 = relay.publishedCount();
                long t0 = System.nanoTime();
                sleepReporting(label, seconds, committed, relay, failure);
                long c1 = committed.get();
                long p1 = relay.publishedCount();
                long t1 = System.nanoTime();
                windowTo.set(micros(Instant.now()));
                stopWriters.set(true);
                for (Thread t : writerThreads) {
                    t.join(30_000);
                }
                long total = committed.get();
                long drainStart = System.nanoTime();
                awaitPublished(label + " (draining)", relay, total, drainStart);
                double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (consumed.get() < total && System.nanoTime() < deadline && failure.get() == null) {
                    Thread.sleep(20);
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("steady state failed: " + failure.get(), failure.get());
                }
                if (consumed.get() < total) {
                    throw new IllegalStateException("the consumer saw " + consumed.get() + " of " + total + " events");
                }
                double dt = (t1 - t0) / 1e9;
                Steady steady = new Steady((c1 - c0) / dt, (p1 - p0) / dt, c1 - p1, drainSeconds, total, latency, load);
                Report.progress("%s: %,.0f written/s, %,.0f published/s, backlog %,d at the end, commit→consumer %s",
                        label, steady.writtenPerSecond, steady.publishedPerSecond, steady.backlogAtEnd,
                        Report.percentiles(latency));
                return steady;
            } finally {
                stopWriters.set(true);
                stopConsumer.set(true);
                relay.stop();
                consumerThread.join(10_000);
                pool.close().await().atMost(Duration.ofSeconds(10));
            }
        }
    }

    private static void sleepReporting(String label, int seconds, AtomicLong committed, OutboxRelay relay,
                                       AtomicReference<Throwable> failure) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long lastC = committed.get();
        long lastP = relay.publishedCount();
        long last = System.nanoTime();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(2_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            if (failure.get() != null) {
                throw new IllegalStateException("steady state failed: " + failure.get(), failure.get());
            }
            long now = System.nanoTime();
            long c = committed.get();
            long p = relay.publishedCount();
            double dt = (now - last) / 1e9;
            Report.progress("%s: written %,d (%,.0f/s), published %,d (%,.0f/s), backlog %,d", label, c,
                    (c - lastC) / dt, p, (p - lastP) / dt, c - p);
            lastC = c;
            lastP = p;
            last = now;
        }
    }

    /** One writer: one transaction per command of {@code perCommit} events, as EventStore.append does it. */
    private static void write(BenchDatabase db, List<String> workspaces, int seed, int perCommit, OutboxRelay relay,
                              AtomicBoolean stop, AtomicLong committed) throws SQLException {
        SplittableRandom random = new SplittableRandom(seed);
        MemberEvents generator = new MemberEvents(seed);
        try (Connection connection = db.connect();
             PreparedStatement head = connection.prepareStatement("INSERT INTO workspace_head (workspace_id, position)"
                     + " VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET position = workspace_head.position + ?"
                     + " RETURNING position");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO event_log (" + MemberEvents.COLUMNS
                     + ") VALUES (?, ?, ?, ?, 1, ?, ?, CAST(? AS jsonb), ?, 'SYSTEM', 'system', ?)")) {
            connection.setAutoCommit(false);
            long i = 0;
            while (!stop.get()) {
                String workspace = workspaces.get(random.nextInt(workspaces.size()));
                head.setString(1, workspace);
                head.setLong(2, perCommit);
                head.setLong(3, perCommit);
                long last;
                try (ResultSet rs = head.executeQuery()) {
                    rs.next();
                    last = rs.getLong(1);
                }
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                String requestId = "req-" + seed + "-" + i;
                for (long position = last - perCommit + 1; position <= last; position++) {
                    MemberEvents.Member member = generator.next(i++);
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, workspace);
                    insert.setLong(3, position);
                    insert.setString(4, MemberEvents.streamId(workspace, member.userId()));
                    insert.setString(5, MemberEvents.EVENT_TYPE);
                    insert.setInt(6, MemberEvents.SCHEMA_VERSION);
                    insert.setString(7, member.json());
                    insert.setObject(8, now);
                    insert.setString(9, requestId);
                    if (perCommit == 1) {
                        insert.executeUpdate();
                    } else {
                        insert.addBatch();
                    }
                }
                if (perCommit > 1) {
                    insert.executeBatch();
                }
                connection.commit();
                committed.addAndGet(perCommit);
                relay.wakeUp();
            }
        }
    }

    private Pool pool(BenchDatabase db) {
        PgConnectOptions options = new PgConnectOptions().setHost(db.host).setPort(db.port).setDatabase(db.name)
                .setUser(db.user).setPassword(db.password);
        options.addProperty("application_name", "iam-bench-relay");
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(options).using(vertx).build();
        // a service's relay runs against a pool that is long connected: connect it now, outside the measurement
        long start = System.nanoTime();
        pool.query("SELECT 1").execute().await().atMost(Duration.ofSeconds(30));
        Report.progress("relay pool connected to %s in %.0f ms", db.name, (System.nanoTime() - start) / 1e6);
        return pool;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "iam-bench-verifier");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        if (header == null) {
            throw new IllegalStateException("record without header " + key + " at " + record.topic() + "/"
                    + record.partition() + "@" + record.offset());
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** The relay's configuration, as application.properties would give it (defaults but the batch size). */
    private record Config(String namespace, int batchSize) implements EventStoreConfig {
        @Override
        public io.iamsuite.messaging.KafkaSettings kafka() {
            return new io.iamsuite.messaging.KafkaSettings() {
                @Override
                public String namespace() {
                    return namespace;
                }

                @Override
                public int partitions() {
                    return 3;
                }

                @Override
                public short replicationFactor() {
                    return 1;
                }
            };
        }

        @Override
        public Relay relay() {
            return new Relay() {
                @Override
                public boolean enabled() {
                    return true;
                }

                @Override
                public int batchSize() {
                    return batchSize;
                }

                @Override
                public Duration pollInterval() {
                    return Duration.ofMillis(200);
                }

                @Override
                public Duration retryBackoff() {
                    return Duration.ofMillis(500);
                }
            };
        }
    }
}
