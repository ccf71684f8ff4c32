package io.iamsuite.bench.load;

import io.iamsuite.bench.Args;
import io.iamsuite.bench.Quiet;
import io.iamsuite.bench.Report;
import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetEvents;
import io.iamsuite.bench.dataset.DatasetGenerator;
import io.iamsuite.bench.dataset.DatasetSpec;
import io.iamsuite.bench.dataset.Questions;
import io.iamsuite.bench.peers.cerbos.CallerData;
import io.iamsuite.bench.peers.cerbos.CerbosRequests;
import io.iamsuite.messaging.KafkaTopics;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Projection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The setup of the network comparison (tools/bench/run-network-compare.sh): one {@link Dataset} preset (medium: 1,000
 * workspaces, 1 M events), published to a running suite as {@link DatasetSeeder} publishes (the outbox relay's records,
 * waited for until policy-service has applied them all), and one question sample ({@link Questions}, with our
 * in-process answers) written twice: {@code questions.tsv} for our HTTP and gRPC clients and wrk
 * ({@link Question}), and {@code cerbos-checks.tsv} for Cerbos's — per line the expected verdict and the body of
 * {@code POST /api/check/resources} that a Cerbos user sends for the same question (the principal with its role,
 * workspace and flattened grants, the resource with its workspace, labels and parent; see
 * {@link io.iamsuite.bench.peers.cerbos.CerbosPolicies}). Line i of both files is the same question.
 *
 * <p>The Cerbos clients send these requests as built here, like ours send theirs: the caller's cost of assembling
 * them is measured separately, on the same sample ({@code --assembly-out}: microseconds per request to look the facts
 * up in {@link CallerData}'s indexes and write the JSON body or build the protobuf request).
 */
public final class NetworkCompareSeeder {
    private static final int ASSEMBLY_WARMUP = 200_000;
    static final String USAGE = """
            NetworkCompareSeeder: publish a Dataset preset to a suite and write the comparison's question sample.
              --bootstrap HOST:PORT      Kafka of the suite (required unless --no-publish)
              --namespace NS             the suite's topic namespace (default iam)
              --partitions N             partitions of a topic created here (default 3)
              --policy-url URL           policy-service's HTTP port (default http://127.0.0.1:8084)
              --management-url URL       its management port (default: the policy port + 1000)
              --operator-secret-file F   the operator secret (required unless --no-publish)
              --preset NAME              small, medium or large (default medium)
              --questions N              sample size (default 20000)
              --seed N                   sample seed (default 1)
              --out-dir DIR              where questions.tsv, cerbos-checks.tsv and assembly.csv go (default .)
              --timeout-seconds N        give up waiting for policy-service after this long (default 900)
              --no-publish               only write the sample (and measure the assembly)
            """;

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        String bootstrap = args.string("bootstrap", null);
        String namespace = args.string("namespace", "iam");
        int partitions = args.integer("partitions", 3);
        String policyUrl = args.string("policy-url", "http://127.0.0.1:8084");
        String managementUrl = args.string("management-url", null);
        String secretFile = args.string("operator-secret-file", null);
        String preset = args.string("preset", "medium");
        int count = args.integer("questions", 20_000);
        int seed = args.integer("seed", 1);
        Path out = Path.of(args.string("out-dir", "."));
        int timeoutSeconds = args.integer("timeout-seconds", 900);
        boolean publish = !args.flag("no-publish");
        args.done();
        if (publish && (bootstrap == null || secretFile == null)) {
            System.err.println("--bootstrap and --operator-secret-file are required (or --no-publish)");
            System.err.println(USAGE);
            System.exit(2);
        }
        Quiet.logging();
        Files.createDirectories(out);

        Dataset dataset = DatasetGenerator.generate(DatasetSpec.preset(preset));
        DatasetSeeder.progress("%s", dataset.describe());
        Projection projection = new Projection();
        long began = System.nanoTime();
        long events;
        if (publish) {
            events = publish(dataset, projection, bootstrap, namespace, partitions);
            DatasetSeeder.progress("published %,d events in %.1f s", events, (System.nanoTime() - began) / 1e9);
        } else {
            events = DatasetEvents.generate(dataset, projection::apply);
        }

        List<Questions.Answered> sample = Questions.answered(dataset, new Evaluator(projection), count, seed);
        List<Question> questions = new ArrayList<>(sample.size());
        for (Questions.Answered answered : sample) {
            questions.add(Question.of(answered.request(), answered.allowed()));
        }
        Question.write(out.resolve("questions.tsv"), questions);
        CallerData caller = new CallerData(dataset);
        StringBuilder checks = new StringBuilder(sample.size() * 1024);
        for (Questions.Answered answered : sample) {
            checks.append(answered.allowed()).append('\t')
                    .append(new String(checkJson(caller, answered.question()), StandardCharsets.UTF_8)).append('\n');
        }
        Files.writeString(out.resolve("cerbos-checks.tsv"), checks, StandardCharsets.UTF_8);
        DatasetSeeder.progress("wrote %,d questions (%,d allowed by ours) to questions.tsv and cerbos-checks.tsv in %s",
                sample.size(), sample.stream().filter(Questions.Answered::allowed).count(), out);

        measureAssembly(caller, sample, out.resolve("assembly.csv"));

        if (publish) {
            if (managementUrl == null) {
                URI policy = URI.create(policyUrl);
                managementUrl = policy.getScheme() + "://" + policy.getHost() + ":" + (policy.getPort() + 1000);
            }
            String secret = Files.readString(Path.of(secretFile)).trim();
            awaitApplied(managementUrl, policyUrl, secret, events, questions.get(0), began, timeoutSeconds);
        }
    }

    /**
     * Waits until policy-service's {@code iam_projection_applied_events} reaches {@code events}, then asks a
     * fullyConsistent check of the probe, which must answer as expected; fails on a dead letter or the timeout.
     * (DatasetSeeder waits the same way; its method is private while its author finishes it.)
     */
    private static void awaitApplied(String managementUrl, String policyUrl, String secret, long events, Question probe,
                                     long began, int timeoutSeconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (true) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            long applied = (long) DatasetSeeder.metric(metrics, "iam_projection_applied_events");
            long deadLetters = (long) DatasetSeeder.metric(metrics, "iam_projection_dead_letters");
            DatasetSeeder.progress("policy-service: %,d of %,d events applied, %d dead letters (%.1f s since the first "
                    + "record)", applied, events, deadLetters, (System.nanoTime() - began) / 1e9);
            if (deadLetters > 0) {
                throw new IllegalStateException("policy-service dead-lettered " + deadLetters + " records of the dataset");
            }
            if (applied >= events) {
                String body = probe.json().replaceFirst("}$", ",\"consistency\":{\"fullyConsistent\":true}}");
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(policyUrl + "/policy/v1/check"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + secret)
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    if (!answer.body().contains("\"allowed\":" + probe.allowed())) {
                        throw new IllegalStateException("wrong answer to " + probe + ": " + answer.body());
                    }
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("policy-service applied " + applied + " of " + events + " events in "
                        + timeoutSeconds + " s");
            }
            Thread.sleep(250);
        }
    }

    private static byte[] checkJson(CallerData caller, Dataset.Question q) {
        return CerbosRequests.checkJson(caller.principal(q.workspaceId(), q.subject()),
                List.of(new CerbosRequests.Entry(caller.resource(q.workspaceId(), q.resource()), q.action())));
    }

    /** The dataset's events as the relays publish them; folded into {@code projection} on the way. */
    private static long publish(Dataset dataset, Projection projection, String bootstrap, String namespace,
                                int partitions) throws Exception {
        KafkaTopics.ensure(bootstrap, KafkaTopics.allEvents(namespace), partitions, (short) 1);
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> refused = new AtomicReference<>();
        long sent;
        // DatasetSeeder's producer settings: acks=all, idempotent, lz4, batches of 256 KiB, linger 20 ms
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
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "network-compare-seeder");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            sent = DatasetEvents.generate(dataset, envelope -> {
                projection.apply(envelope);
                producer.send(DatasetSeeder.record(namespace, envelope), (metadata, e) -> {
                    if (e != null) {
                        refused.compareAndSet(null, e);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
            });
            producer.flush();
        }
        if (refused.get() != null) {
            throw new IllegalStateException("Kafka refused a record: " + refused.get(), refused.get());
        }
        if (acknowledged.get() != sent) {
            throw new IllegalStateException(acknowledged.get() + " of " + sent + " records acknowledged");
        }
        return sent;
    }

    /**
     * The caller's cost per Cerbos request, on one thread: the principal and the resource assembled from
     * {@link CallerData}, then the JSON body written or the protobuf request built. Passes over the sample until
     * {@value #ASSEMBLY_WARMUP} requests of each kind are built (JIT), then two passes measured.
     */
    static void measureAssembly(CallerData caller, List<Questions.Answered> sample, Path csv) throws Exception {
        long sink = 0;
        for (int built = 0; built < ASSEMBLY_WARMUP; built += sample.size()) {
            sink += assembleJson(caller, sample) + assembleProto(caller, sample);
        }
        long t0 = System.nanoTime();
        sink += assembleJson(caller, sample) + assembleJson(caller, sample);
        long t1 = System.nanoTime();
        sink += assembleProto(caller, sample) + assembleProto(caller, sample);
        long t2 = System.nanoTime();
        double json = (t1 - t0) / 1e3 / (2.0 * sample.size());
        double proto = (t2 - t1) / 1e3 / (2.0 * sample.size());
        long grants = 0;
        for (Questions.Answered a : sample) {
            grants += caller.principal(a.question().workspaceId(), a.question().subject()).grants().size();
        }
        double perPrincipal = (double) grants / sample.size();
        Files.writeString(csv, String.format(Locale.ROOT,
                "request,assembly_us_per_request,mean_grants_per_principal,requests,load_before\n"
                        + "cerbos-http-json,%.2f,%.2f,%d,\"%s\"\ncerbos-grpc-protobuf,%.2f,%.2f,%d,\"%s\"\n",
                json, perPrincipal, sample.size(), Report.loadAverage(), proto, perPrincipal, sample.size(),
                Report.loadAverage()), StandardCharsets.UTF_8);
        DatasetSeeder.progress("caller's assembly per Cerbos request: JSON %.1f µs, protobuf %.1f µs (%.1f grants per "
                + "principal; checksum %d)", json, proto, perPrincipal, sink);
    }

    private static long assembleJson(CallerData caller, List<Questions.Answered> sample) {
        long bytes = 0;
        for (Questions.Answered a : sample) {
            bytes += checkJson(caller, a.question()).length;
        }
        return bytes;
    }

    private static long assembleProto(CallerData caller, List<Questions.Answered> sample) {
        long bytes = 0;
        for (Questions.Answered a : sample) {
            Dataset.Question q = a.question();
            bytes += CerbosRequests.checkProto(caller.principal(q.workspaceId(), q.subject()),
                    List.of(new CerbosRequests.Entry(caller.resource(q.workspaceId(), q.resource()), q.action())))
                    .getSerializedSize();
        }
        return bytes;
    }

    private NetworkCompareSeeder() {
    }
}
