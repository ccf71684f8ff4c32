package io.iamsuite.bench.load;

import io.iamsuite.bench.Args;
import io.iamsuite.bench.Quiet;
import io.iamsuite.bench.Report;
import io.iamsuite.bench.policy.PolicyDataset;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.messaging.KafkaTopics;
import io.iamsuite.policy.domain.CheckRequest;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Projection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes the {@link PolicyDataset} (1,000 workspaces: 100,000 users, 20,000 groups, 150,000 resources, 500,001
 * grants, 1.07 M events) to the event topics of a running suite, as the services' outbox relays would have published
 * it, then waits until policy-service has applied all of it.
 *
 * <p>Each record is what {@code OutboxRelay.record} makes of a stored event: the topic of the event type's source
 * ({@code <namespace>.<source>.events.v1}, created like the services create it), the workspace id as the key, the
 * envelope of {@link EventCodec#encodeStored} around the payload as the event store keeps it
 * ({@link EventCodec#encodeData}), and the relay's eight CloudEvents headers. Only the producer is tuned for bulk
 * (batches of 256 KiB, linger 20 ms, lz4, idempotent with five requests in flight, which keeps each partition's
 * order). policy-service must take them as real events: its dead-letter count must stay 0.
 *
 * <p>While publishing, the same events are folded into an in-process projection, from which the check sample of the
 * load clients is drawn with the verdict the service must give ({@code --questions-out}, see {@link Question}).
 *
 * <p>Done when policy-service's {@code iam_projection_applied_events} (management port, {@code /q/metrics}) reaches the
 * number of events published and a {@code fullyConsistent} check answers as expected; fails if a dead letter appears.
 */
public final class DatasetSeeder {
    static final String USAGE = """
            DatasetSeeder: publish the policy dataset to a suite's event topics and wait until policy-service applied it.
              --bootstrap HOST:PORT      Kafka of the suite (required)
              --namespace NS             the suite's topic namespace, IAM_KAFKA_NAMESPACE (default iam)
              --partitions N             partitions of a topic created here, as the services create them (default 3)
              --policy-url URL           policy-service's HTTP port (default http://127.0.0.1:8084)
              --management-url URL       its management port with /q/metrics (default: the policy port + 1000)
              --operator-secret-file F   the operator secret (deploy/local/iam writes <state dir>/operator-secret)
              --workspaces N             ordinary workspaces of the dataset (default 1000)
              --seed N                   dataset seed (default 42)
              --questions N              check sample to write, half allowed, half denied (default 20000)
              --questions-out FILE       where to write it (default questions.tsv)
              --timeout-seconds N        give up waiting for policy-service after this long (default 900)
              --report-dir DIR           also write seed.rows.md and seed.details.md there
            """;
    private static final EventCodec CODEC = EventCodec.standard();

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        String bootstrap = args.string("bootstrap", null);
        String namespace = args.string("namespace", "iam");
        int partitions = args.integer("partitions", 3);
        String policyUrl = trimSlash(args.string("policy-url", "http://127.0.0.1:8084"));
        String managementUrl = args.string("management-url", null);
        String secretFile = args.string("operator-secret-file", null);
        int workspaces = args.integer("workspaces", 1000);
        int seed = args.integer("seed", 42);
        int questionCount = args.integer("questions", 20_000);
        Path questionsOut = Path.of(args.string("questions-out", "questions.tsv"));
        int timeoutSeconds = args.integer("timeout-seconds", 900);
        String reportDir = args.string("report-dir", null);
        args.done();
        if (bootstrap == null || secretFile == null) {
            System.err.println("--bootstrap and --operator-secret-file are required");
            System.err.println(USAGE);
            System.exit(2);
        }
        if (managementUrl == null) {
            URI policy = URI.create(policyUrl);
            managementUrl = policy.getScheme() + "://" + policy.getHost() + ":" + (policy.getPort() + 1000);
        }
        String secret = Files.readString(Path.of(secretFile)).trim();
        Quiet.logging();

        RoleCatalogue catalogue = RoleCatalogue.load();
        PolicyDataset dataset = new PolicyDataset(workspaces, seed, catalogue);
        Projection projection = new Projection();
        KafkaTopics.ensure(bootstrap, KafkaTopics.allEvents(namespace), partitions, (short) 1);

        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> refused = new AtomicReference<>();
        String loadBefore = Report.loadAverage();
        long began = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            long[] sent = {0};
            long[] lastReport = {began};
            dataset.generate(envelope -> {
                if (refused.get() != null) {
                    return;
                }
                projection.apply(envelope);
                producer.send(record(namespace, envelope), (metadata, e) -> {
                    if (e != null) {
                        refused.compareAndSet(null, e);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
                sent[0]++;
                long now = System.nanoTime();
                if (now - lastReport[0] >= 2_000_000_000L) {
                    lastReport[0] = now;
                    progress("published %,d events (%,.0f/s), %,d acknowledged", sent[0],
                            sent[0] / ((now - began) / 1e9), acknowledged.get());
                }
            });
            producer.flush();
        }
        if (refused.get() != null) {
            throw new IllegalStateException("Kafka refused a record: " + refused.get(), refused.get());
        }
        double publishSeconds = (System.nanoTime() - began) / 1e9;
        long events = dataset.events;
        if (acknowledged.get() != events) {
            throw new IllegalStateException(acknowledged.get() + " of " + events + " records acknowledged");
        }
        progress("published %,d events (%,d grants, %,d resources) in %.1f s = %,.0f events/s", events, dataset.grants,
                dataset.resources, publishSeconds, events / publishSeconds);

        Evaluator evaluator = new Evaluator(projection, catalogue);
        List<Question> questions = new ArrayList<>(questionCount);
        for (CheckRequest r : dataset.questions(evaluator, true, questionCount / 2, seed + 1L)) {
            questions.add(Question.of(r, true));
        }
        for (CheckRequest r : dataset.questions(evaluator, false, questionCount - questionCount / 2, seed + 2L)) {
            questions.add(Question.of(r, false));
        }
        Collections.shuffle(questions, new Random(seed + 3L));
        Question.write(questionsOut, questions);
        progress("wrote %,d checks (half allowed, half denied, from %,d workspaces) with their verdicts to %s",
                questions.size(), questions.stream().map(Question::workspaceId).distinct().count(), questionsOut);

        Waited waited = awaitApplied(managementUrl, policyUrl, secret, events, questions.get(0), began, timeoutSeconds);
        double totalSeconds = (System.nanoTime() - began) / 1e9;
        progress("policy-service applied %,d events, %d dead letters; %.1f s after the first record was sent "
                + "(%,.0f events/s end to end)", waited.applied, waited.deadLetters, totalSeconds, events / totalSeconds);

        Report report = new Report("seed", reportDir);
        report.row("Seed: " + Report.number(events) + " dataset events published to Kafka (relay encoding)",
                String.format(Locale.ROOT, "%.1f s (%s events/s)", publishSeconds, Report.number(events / publishSeconds)),
                "–", "–");
        report.row("Seed: first record sent → policy-service applied everything (fullyConsistent check answered)",
                String.format(Locale.ROOT, "%.1f s (%s events/s), %d dead letters", totalSeconds,
                        Report.number(events / totalSeconds), waited.deadLetters), "0 dead letters",
                waited.deadLetters == 0 ? "met" : "**not met**");
        report.details("**Seeding** (`DatasetSeeder`: %,d workspaces + `%s`, seed %d; %,d events, %,d grants, %,d resources; "
                        + "records encoded as `OutboxRelay` encodes stored events, key = workspace, its 8 headers; producer "
                        + "acks=all, idempotent, lz4, batch 256 KiB, linger 20 ms; load avg before %s): published in %.1f s "
                        + "(%,.0f events/s); policy-service had applied all of them (`iam_projection_applied_events` = %,d, "
                        + "dead letters %d) %.1f s after the first record was sent. Check sample: %,d checks, half allowed, "
                        + "half denied, drawn from the in-process fold of the same events.",
                workspaces, PolicyDataset.BIG, seed, events, dataset.grants, dataset.resources, loadBefore,
                publishSeconds, events / publishSeconds, waited.applied, waited.deadLetters, totalSeconds,
                questions.size());
        report.write();
        if (waited.deadLetters != 0) {
            System.err.println("policy-service dead-lettered " + waited.deadLetters + " records of the dataset");
            System.exit(1);
        }
    }

    private record Waited(long applied, long deadLetters) {
    }

    /** Polls the metrics until every event is applied, then asks a fullyConsistent check, which must answer right. */
    private static Waited awaitApplied(String managementUrl, String policyUrl, String secret, long events,
                                       Question probe, long began, int timeoutSeconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        long applied = -1;
        long deadLetters = 0;
        long lastApplied = -1;
        long lastChange = System.nanoTime();
        while (true) {
            String metrics = get(http, managementUrl + "/q/metrics");
            applied = (long) metric(metrics, "iam_projection_applied_events");
            deadLetters = (long) metric(metrics, "iam_projection_dead_letters");
            long now = System.nanoTime();
            progress("policy-service: %,d of %,d events applied, %d dead letters (%.0f s since the first record)",
                    applied, events, deadLetters, (now - began) / 1e9);
            if (deadLetters > 0) {
                return new Waited(applied, deadLetters);
            }
            if (applied != lastApplied) {
                lastApplied = applied;
                lastChange = now;
            }
            // Done when all are applied; or if nothing moves for 20 s, let the fullyConsistent check say whether the
            // projection holds everything published (then the count of applied events explains the difference).
            if (applied >= events || now - lastChange > 20_000_000_000L) {
                int status = fullyConsistentCheck(http, policyUrl, secret, probe);
                if (status == 200) {
                    if (applied < events) {
                        progress("WARNING: the projection is consistent with the topics, but applied only %,d of %,d",
                                applied, events);
                    }
                    return new Waited(applied, deadLetters);
                }
                progress("fullyConsistent check answered %d; waiting", status);
            }
            if (now > deadline) {
                throw new IllegalStateException("policy-service applied " + applied + " of " + events
                        + " events in " + timeoutSeconds + " s");
            }
            Thread.sleep(1000);
        }
    }

    private static int fullyConsistentCheck(HttpClient http, String policyUrl, String secret, Question probe)
            throws Exception {
        String body = probe.json().replaceFirst("}$", ",\"consistency\":{\"fullyConsistent\":true}}");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(policyUrl + "/policy/v1/check"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + secret)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && !response.body().contains("\"allowed\":" + probe.allowed())) {
            throw new IllegalStateException("wrong answer to " + probe + ": " + response.body());
        }
        return response.statusCode();
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The value of a gauge in Prometheus' text format (0 if absent). */
    static double metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name) && (line.length() == name.length() || line.charAt(name.length()) == ' '
                    || line.charAt(name.length()) == '{')) {
                String[] parts = line.trim().split("\\s+");
                return Double.parseDouble(parts[parts.length - 1]);
            }
        }
        return 0;
    }

    /** The record {@code OutboxRelay} publishes for the stored form of this event. */
    static ProducerRecord<String, byte[]> record(String namespace, EventEnvelope e) {
        String eventType = e.eventType();
        String sourceId = eventType.substring(0, eventType.indexOf('.'));
        String topic = EventSource.fromId(sourceId).topic(namespace);
        byte[] value = CODEC.encodeStored(e.eventId(), eventType, e.schemaVersion(), e.workspaceId(), e.streamId(),
                e.streamVersion(), e.position(), e.occurredAt(), e.actor(), e.requestId(), CODEC.encodeData(e.data()))
                .getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, e.workspaceId(), value);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", e.eventId().toString());
        header(record, "ce_type", eventType);
        header(record, "ce_source", "/iam/" + sourceId);
        header(record, "ce_time", e.occurredAt().toString());
        header(record, "ce_subject", e.streamId());
        header(record, "content-type", "application/json");
        header(record, "iam_position", Long.toString(e.position()));
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String key, String value) {
        record.headers().add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "dataset-seeder");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Progress goes to stderr, so that stdout keeps the report. */
    static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[seed %tT] %s%n", System.currentTimeMillis(),
                String.format(Locale.ROOT, format, args));
    }

    private DatasetSeeder() {
    }
}
