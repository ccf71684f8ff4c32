package io.iamsuite.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The JVM-wide singletons: the in-JVM broker, the embedded PostgreSQL, the chosen endpoints, and the infrastructure of
 * the test application that runs now.
 *
 * <p>Quarkus loads test resources in a class loader per test application, so statics there are not JVM-wide.
 * {@link Bridge} therefore calls this class as loaded by the system class loader, through methods whose parameter
 * and return types are JDK types only. Do not call it directly; use {@link IamInfra}.
 */
public final class SharedInfra {

    private static final Logger LOG = Logger.getLogger(SharedInfra.class.getName());
    private static final Duration LOCAL_PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Object KAFKA_LOCK = new Object();
    private static final Object POSTGRES_LOCK = new Object();

    private static String kafkaBootstrap;
    private static KafkaBrokerEngine broker;
    private static String[] postgres;
    private static EmbeddedPostgresServer embeddedPostgres;
    private static Map<String, String> current;
    private static final Map<String, Long> startMillis = new HashMap<>();

    private SharedInfra() {
    }

    /** Bootstrap servers: {@code IAM_TEST_KAFKA_BOOTSTRAP}, else the shared in-JVM broker (started on first use). */
    public static String kafkaBootstrapServers() {
        synchronized (KAFKA_LOCK) {
            if (kafkaBootstrap == null) {
                kafkaBootstrap = InfraSettings.fromEnvironment().resolveKafka(SharedInfra::startBroker);
            }
            return kafkaBootstrap;
        }
    }

    /** {host, port, user, password} of the PostgreSQL to use, chosen once per JVM. */
    public static String[] postgresEndpoint() {
        synchronized (POSTGRES_LOCK) {
            if (postgres == null) {
                PgEndpoint chosen = InfraSettings.fromEnvironment().resolvePostgres(
                        candidate -> Postgres.accepts(candidate, LOCAL_PROBE_TIMEOUT), SharedInfra::startPostgres);
                postgres = new String[] {chosen.host(), String.valueOf(chosen.port()), chosen.username(),
                        chosen.password()};
            }
            return postgres.clone();
        }
    }

    /** Milliseconds the shared broker and embedded PostgreSQL took to start (absent when not started here). */
    public static synchronized Map<String, Long> startTimes() {
        return new HashMap<>(startMillis);
    }

    public static synchronized void publishCurrent(Map<String, String> info) {
        current = info == null ? null : Map.copyOf(info);
    }

    public static synchronized void clearCurrent(Map<String, String> info) {
        if (current != null && current.equals(info)) {
            current = null;
        }
    }

    public static synchronized Map<String, String> current() {
        return current;
    }

    private static String startBroker() {
        long began = System.nanoTime();
        broker = new KafkaBrokerEngine().start();
        record("kafka", began);
        KafkaBrokerEngine started = broker;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "iam-kafka-shared-shutdown"));
        LOG.info(() -> "Shared in-JVM Kafka broker on " + started.bootstrapServers());
        return started.bootstrapServers();
    }

    private static PgEndpoint startPostgres() {
        long began = System.nanoTime();
        embeddedPostgres = new EmbeddedPostgresServer().start();
        record("postgres", began);
        EmbeddedPostgresServer started = embeddedPostgres;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "iam-postgres-shared-shutdown"));
        LOG.info(() -> "Shared embedded PostgreSQL on " + started.endpoint().hostPort());
        return started.endpoint();
    }

    private static synchronized void record(String what, long beganNanos) {
        startMillis.put(what, (System.nanoTime() - beganNanos) / 1_000_000);
    }
}
