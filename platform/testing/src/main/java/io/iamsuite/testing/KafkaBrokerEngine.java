package io.iamsuite.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * The broker itself: a single-node Kafka 4.1 KRaft server (combined broker and controller) in this JVM. Always used
 * as loaded by the system class loader (see {@link BrokerRegistry}); {@link EmbeddedKafkaBroker} is its public face.
 */
final class KafkaBrokerEngine implements AutoCloseable {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_FRESH_START_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(KafkaBrokerEngine.class.getName());

    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Path dataDirectory;
    private boolean ownsDataDirectory;
    private String clusterId;
    private int brokerPort;
    private int controllerPort;
    private KafkaRaftServer server;
    private Admin admin;
    private boolean closed;

    /** Overrides or adds one broker property; only before the first {@link #start()}. */
    synchronized KafkaBrokerEngine withProperty(String key, String value) {
        requireNotStartedYet();
        overrides.put(key, value);
        return this;
    }

    /** Keeps the broker's data in {@code directory} (kept on {@link #close()}) instead of a fresh temporary one. */
    synchronized KafkaBrokerEngine withDataDirectory(Path directory) {
        requireNotStartedYet();
        this.dataDirectory = directory;
        this.ownsDataDirectory = false;
        return this;
    }

    /** How long {@link #start()} and {@link #restart()} may take before failing (default 90 s). */
    synchronized KafkaBrokerEngine withStartTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /**
     * Starts the broker and waits until it serves clients. The first start formats a fresh data directory on free
     * ports; later starts reuse both. Does nothing when already running.
     */
    synchronized KafkaBrokerEngine start() {
        if (closed) {
            throw new IllegalStateException("This embedded Kafka broker was closed");
        }
        if (server != null) {
            return this;
        }
        QuietLogging.quiet(QuietLogging.KAFKA_CATEGORIES);
        keepKafkaFromExitingTheJvm();
        long began = System.nanoTime();
        if (clusterId == null) {
            startFresh();
        } else {
            startAgain();
        }
        LOG.info(() -> "Embedded Kafka broker ready on " + bootstrapServers() + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) + " ms");
        return this;
    }

    /** Stops the broker gracefully; its data and ports are kept for a later {@link #start()}. */
    public synchronized void stop() {
        closeAdmin();
        KafkaRaftServer stopping = server;
        server = null;
        if (stopping != null) {
            shutdown(stopping);
        }
    }

    /** Stops and starts the broker on the same port with the same data: records and committed offsets survive. */
    synchronized KafkaBrokerEngine restart() {
        if (clusterId == null) {
            throw new IllegalStateException("restart() before the first start()");
        }
        stop();
        return start();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code 127.0.0.1:<port>}; stable across {@link #restart()}. */
    public synchronized String bootstrapServers() {
        if (clusterId == null) {
            throw new IllegalStateException("The embedded Kafka broker has not been started");
        }
        return FreePorts.LOOPBACK + ":" + brokerPort;
    }

    public synchronized Path dataDirectory() {
        return dataDirectory;
    }

    /** Creates a topic with replication factor 1; an existing topic of that name is left as it is. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Creates a topic with replication factor 1 and the given topic configs; an existing topic is left as it is. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
        try {
            admin().createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name + " on " + bootstrapServers(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out after 30 s creating topic " + name + " on " + bootstrapServers(), e);
        }
    }

    /** Stops the broker and deletes its data directory if this broker created it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        if (ownsDataDirectory && dataDirectory != null) {
            Files2.deleteRecursively(dataDirectory);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void startFresh() {
        RuntimeException lastCollision = null;
        for (int attempt = 1; attempt <= MAX_FRESH_START_ATTEMPTS; attempt++) {
            int[] ports = FreePorts.find(2);
            brokerPort = ports[0];
            controllerPort = ports[1];
            String newClusterId = Uuid.randomUuid().toString();
            try {
                prepareDataDirectory();
                format(newClusterId);
                clusterId = newClusterId;
                launch(deadlineFromNow());
                return;
            } catch (RuntimeException e) {
                clusterId = null;
                if (!isPortCollision(e)) {
                    throw new IllegalStateException("Could not start the embedded Kafka broker (data in " + dataDirectory
                            + "): " + e.getMessage(), e);
                }
                lastCollision = e;
                int failedBrokerPort = brokerPort;
                int failedControllerPort = controllerPort;
                LOG.warning(() -> "Port collision starting the embedded Kafka broker on " + failedBrokerPort + "/"
                        + failedControllerPort + "; retrying with other ports");
            }
        }
        throw new IllegalStateException("Could not start the embedded Kafka broker: ports kept colliding after "
                + MAX_FRESH_START_ATTEMPTS + " attempts", lastCollision);
    }

    private void startAgain() {
        long deadline = deadlineFromNow();
        while (true) {
            try {
                launch(deadline);
                return;
            } catch (RuntimeException e) {
                if (!isPortCollision(e) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not restart the embedded Kafka broker on "
                            + bootstrapServers() + " (data in " + dataDirectory + "): " + e.getMessage(), e);
                }
                LOG.warning(() -> "Port " + brokerPort + " or " + controllerPort + " still busy; retrying restart");
                pause(Duration.ofMillis(500));
            }
        }
    }

    private void launch(long deadline) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // The broker's threads inherit this class loader: never a Quarkus application's, which is closed when the
        // application stops while the broker lives on.
        thread.setContextClassLoader(KafkaBrokerEngine.class.getClassLoader());
        KafkaRaftServer candidate = null;
        try {
            candidate = new KafkaRaftServer(KafkaConfig.fromProps(brokerProperties(), false), Time.SYSTEM);
            candidate.startup();
            server = candidate;
            awaitServing(deadline);
        } catch (RuntimeException | Error e) {
            closeAdmin();
            server = null;
            if (candidate != null) {
                shutdown(candidate);
            }
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void awaitServing(long deadline) {
        Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        Waits.until("the embedded Kafka broker on " + bootstrapServers() + " to serve clients", remaining,
                Duration.ofMillis(100), () -> {
                    Collection<Node> nodes = admin().describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return nodes.isEmpty() ? null : Boolean.TRUE;
                });
    }

    private Properties brokerProperties() {
        Properties props = new Properties();
        String host = FreePorts.LOOPBACK;
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDirectory.resolve("kraft-logs").toString());
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "true");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Small and few: tests share 2 cores, and the log cleaner would otherwise allocate 128 MiB up front.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("background.threads", "4");
        props.putAll(overrides);
        return props;
    }

    private void prepareDataDirectory() {
        try {
            if (dataDirectory == null) {
                dataDirectory = Files.createTempDirectory("iam-kafka-");
                ownsDataDirectory = true;
            } else {
                Files2.deleteRecursively(dataDirectory.resolve("kraft-logs"));
                Files.createDirectories(dataDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the Kafka data directory", e);
        }
    }

    private void format(String newClusterId) {
        Path config = dataDirectory.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            brokerProperties().store(out, "embedded Kafka broker (iam-testing)");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + config, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            // StorageTool.execute, never StorageTool.main: main() exits the JVM.
            exitCode = StorageTool.execute(new String[] {"format", "-t", newClusterId, "-c", config.toString()},
                    printStream);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Formatting Kafka storage in " + dataDirectory + " failed: "
                    + output.toString(StandardCharsets.UTF_8) + e.getMessage(), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting Kafka storage in " + dataDirectory + " failed with exit code "
                    + exitCode + ": " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "iam-testing-admin-" + brokerPort);
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(KafkaBrokerEngine.class.getClassLoader());
            try {
                admin = Admin.create(props);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        return admin;
    }

    private synchronized void closeAdmin() {
        if (admin != null) {
            try {
                admin.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Closing the admin client failed", e);
            }
            admin = null;
        }
    }

    private void shutdown(KafkaRaftServer stopping) {
        Thread stopper = new Thread(() -> {
            stopping.shutdown();
            stopping.awaitShutdown();
        }, "iam-kafka-shutdown-" + brokerPort);
        stopper.setDaemon(true);
        stopper.setContextClassLoader(KafkaBrokerEngine.class.getClassLoader());
        stopper.start();
        try {
            stopper.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            LOG.warning(() -> "The embedded Kafka broker on port " + brokerPort + " did not stop within "
                    + STOP_TIMEOUT.toSeconds() + " s");
        }
    }

    private long deadlineFromNow() {
        return System.nanoTime() + startTimeout.toNanos();
    }

    private void requireNotStartedYet() {
        if (clusterId != null) {
            throw new IllegalStateException("Configure the embedded Kafka broker before its first start()");
        }
    }

    static boolean isPortCollision(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof BindException || message.contains("Address already in use")
                    || message.contains("failed to bind")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static volatile boolean exitGuarded;

    /** A fatal broker error must fail the test, not halt the test JVM. */
    private static void keepKafkaFromExitingTheJvm() {
        if (exitGuarded) {
            return;
        }
        exitGuarded = true;
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("The embedded Kafka broker asked to exit the JVM (" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("The embedded Kafka broker asked to halt the JVM (" + code + "): " + message);
        });
    }
}
