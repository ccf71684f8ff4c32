package io.iamsuite.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real single-node Kafka 4.1 broker (KRaft, combined broker and controller) running inside this JVM.
 *
 * <p>Ports are chosen when it first starts (a collision retries with other ports) and kept: {@link #restart()} comes
 * back on the same port with the same data directory, so records and committed offsets survive. Usable from plain
 * JUnit ({@code try (var broker = new EmbeddedKafkaBroker().start()) {...}}) and from a {@code @QuarkusTest}
 * ({@link IamInfraResource} with {@code kafka=dedicated}); the broker itself always runs in the system class loader.
 *
 * <p>Defaults: {@code num.partitions=3}, auto topic creation on, replication factors and min ISR 1,
 * {@code group.initial.rebalance.delay.ms=0}; see {@link #withProperty(String, String)}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);

    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Path dataDirectory;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private String id;
    private boolean closed;

    /** Overrides or adds one broker property; only before the first {@link #start()}. */
    public synchronized EmbeddedKafkaBroker withProperty(String key, String value) {
        requireNotCreated();
        overrides.put(key, value);
        return this;
    }

    /** Keeps the broker's data in {@code directory} (kept on {@link #close()}) instead of a fresh temporary one. */
    public synchronized EmbeddedKafkaBroker withDataDirectory(Path directory) {
        requireNotCreated();
        this.dataDirectory = directory;
        return this;
    }

    /** How long {@link #start()} and {@link #restart()} may take before failing (default 90 s). */
    public synchronized EmbeddedKafkaBroker withStartTimeout(Duration timeout) {
        requireNotCreated();
        this.startTimeout = timeout;
        return this;
    }

    /**
     * Starts the broker and waits until it serves clients. The first start formats a fresh data directory on free
     * ports; later starts reuse both. Does nothing when already running.
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (closed) {
            throw new IllegalStateException("This embedded Kafka broker was closed");
        }
        if (id == null) {
            id = Bridge.call(BrokerRegistry.class, "create", new Class<?>[] {Map.class, String.class, long.class},
                    Map.copyOf(overrides), dataDirectory == null ? null : dataDirectory.toString(),
                    startTimeout.toMillis());
        }
        call("start");
        return this;
    }

    /** Stops the broker gracefully; its data and ports are kept for a later {@link #start()}. */
    public synchronized void stop() {
        if (id != null) {
            call("stop");
        }
    }

    /** Stops and starts the broker on the same port with the same data: records and committed offsets survive. */
    public synchronized EmbeddedKafkaBroker restart() {
        if (id == null) {
            throw new IllegalStateException("restart() before the first start()");
        }
        call("restart");
        return this;
    }

    public synchronized boolean isRunning() {
        return id != null && !closed && Boolean.TRUE.equals(call("isRunning"));
    }

    /** {@code 127.0.0.1:<port>}; stable across {@link #restart()}. */
    public synchronized String bootstrapServers() {
        if (id == null) {
            throw new IllegalStateException("The embedded Kafka broker has not been started");
        }
        return call("bootstrapServers");
    }

    /** Where the broker keeps its data ({@code null} before the first start). */
    public synchronized Path dataDirectory() {
        if (id == null) {
            return dataDirectory;
        }
        String directory = call("dataDirectory");
        return directory == null ? null : Path.of(directory);
    }

    /** Creates a topic with replication factor 1; an existing topic of that name is left as it is. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Creates a topic with replication factor 1 and the given topic configs; an existing topic is left as it is. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        String broker;
        synchronized (this) {
            if (id == null) {
                throw new IllegalStateException("The embedded Kafka broker has not been started");
            }
            broker = id;
        }
        Bridge.call(BrokerRegistry.class, "createTopic",
                new Class<?>[] {String.class, String.class, Integer.class, Map.class}, broker, name, partitions,
                Map.copyOf(configs));
    }

    /** Stops the broker and deletes its data directory unless it was given by {@link #withDataDirectory(Path)}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (id != null) {
            Bridge.call(BrokerRegistry.class, "close", new Class<?>[] {String.class}, id);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + (id == null ? "not started" : bootstrapServers()) + "]";
    }

    private <T> T call(String method) {
        return Bridge.call(BrokerRegistry.class, method, new Class<?>[] {String.class}, id);
    }

    private void requireNotCreated() {
        if (id != null) {
            throw new IllegalStateException("Configure the embedded Kafka broker before its first start()");
        }
    }
}
