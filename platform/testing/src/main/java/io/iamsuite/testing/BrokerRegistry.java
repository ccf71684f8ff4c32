package io.iamsuite.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every in-JVM broker, held by the system class loader's copy of this class and reached through {@link Bridge} with JDK
 * types only. The broker's classes are thus loaded once per JVM, not once per Quarkus test application, and no broker
 * thread ever holds a Quarkus class loader that is closed when its application stops.
 */
public final class BrokerRegistry {

    private static final Map<String, KafkaBrokerEngine> BROKERS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    private BrokerRegistry() {
    }

    public static String create(Map<String, String> overrides, String dataDirectory, long startTimeoutMillis) {
        KafkaBrokerEngine engine = new KafkaBrokerEngine().withStartTimeout(Duration.ofMillis(startTimeoutMillis));
        overrides.forEach(engine::withProperty);
        if (dataDirectory != null) {
            engine.withDataDirectory(Path.of(dataDirectory));
        }
        String id = "broker-" + IDS.incrementAndGet();
        BROKERS.put(id, engine);
        return id;
    }

    public static void start(String id) {
        engine(id).start();
    }

    public static void stop(String id) {
        engine(id).stop();
    }

    public static void restart(String id) {
        engine(id).restart();
    }

    public static Boolean isRunning(String id) {
        return engine(id).isRunning();
    }

    public static String bootstrapServers(String id) {
        return engine(id).bootstrapServers();
    }

    public static String dataDirectory(String id) {
        Path directory = engine(id).dataDirectory();
        return directory == null ? null : directory.toString();
    }

    public static void createTopic(String id, String name, Integer partitions, Map<String, String> configs) {
        engine(id).createTopic(name, partitions, configs);
    }

    public static void close(String id) {
        KafkaBrokerEngine engine = BROKERS.remove(id);
        if (engine != null) {
            engine.close();
        }
    }

    private static KafkaBrokerEngine engine(String id) {
        KafkaBrokerEngine engine = BROKERS.get(id);
        if (engine == null) {
            throw new IllegalStateException("This embedded Kafka broker was closed");
        }
        return engine;
    }
}
