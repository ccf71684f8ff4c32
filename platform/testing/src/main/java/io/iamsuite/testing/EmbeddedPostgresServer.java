package io.iamsuite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL 15 server from the zonky embedded binaries, on a fixed port with a fixed data directory, that can be
 * stopped and started again with all its data: for tests that restart PostgreSQL mid-stream. Superuser
 * {@code postgres}, trust authentication. Its server log is {@code postgres.log} beside the data directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_FRESH_START_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class.getName());

    private Path home;
    private final boolean ownsHome;
    private int port;
    private EmbeddedPostgres postgres;
    private boolean everStarted;
    private boolean closed;

    /** A server in a fresh temporary directory on a free port chosen at the first start. */
    public EmbeddedPostgresServer() {
        this.ownsHome = true;
    }

    /**
     * A server whose data lives in {@code home}/data (created by the first start, kept by {@link #close()}) and which
     * listens on {@code port} ({@code 0}: a free port chosen at the first start).
     */
    public EmbeddedPostgresServer(Path home, int port) {
        this.home = home;
        this.port = port;
        this.ownsHome = false;
    }

    /** Starts the server (initialising its data directory the first time). Does nothing when already running. */
    public synchronized EmbeddedPostgresServer start() {
        if (closed) {
            throw new IllegalStateException("This embedded PostgreSQL was closed");
        }
        if (postgres != null) {
            return this;
        }
        QuietLogging.quiet(QuietLogging.POSTGRES_CATEGORIES);
        long began = System.nanoTime();
        prepareHome();
        if (!everStarted && port == 0) {
            startOnAFreePort();
        } else {
            startOnTheSamePort();
        }
        everStarted = true;
        LOG.info(() -> "Embedded PostgreSQL ready on " + endpoint().hostPort() + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) + " ms");
        return this;
    }

    /** Stops the server (fast shutdown); data and port are kept for a later {@link #start()}. */
    public synchronized void stop() {
        EmbeddedPostgres stopping = postgres;
        postgres = null;
        if (stopping != null) {
            try {
                stopping.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not stop the embedded PostgreSQL on port " + port, e);
            }
        }
    }

    /** Stops and starts the server on the same port with the same data. */
    public synchronized EmbeddedPostgresServer restart() {
        stop();
        return start();
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    public String host() {
        return FreePorts.LOOPBACK;
    }

    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("The embedded PostgreSQL has not been started");
        }
        return port;
    }

    /** How to reach it as the superuser. */
    public PgEndpoint endpoint() {
        return new PgEndpoint(host(), port(), USER, PASSWORD);
    }

    public synchronized Path dataDirectory() {
        return home == null ? null : home.resolve("data");
    }

    /** Stops the server and deletes its files if this object created their directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            if (ownsHome && home != null) {
                Files2.deleteRecursively(home);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void startOnAFreePort() {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= MAX_FRESH_START_ATTEMPTS; attempt++) {
            port = FreePorts.find();
            try {
                launch();
                return;
            } catch (RuntimeException e) {
                last = e;
                int failed = port;
                LOG.warning(() -> "Embedded PostgreSQL did not start on port " + failed + " (" + e.getMessage()
                        + "); trying another port with a fresh data directory");
                // zonky keeps its lock on the failed data directory: the next attempt needs a new one
                Files2.deleteRecursively(dataDirectory());
            }
        }
        int failed = port;
        port = 0;
        throw new IllegalStateException("Could not start the embedded PostgreSQL after " + MAX_FRESH_START_ATTEMPTS
                + " attempts (last port " + failed + "); server log " + logFile() + ":\n" + logTail(), last);
    }

    private void startOnTheSamePort() {
        try {
            launch();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL on port " + port + " with data in "
                    + dataDirectory() + "; server log " + logFile() + ":\n" + logTail(), e);
        }
    }

    private void launch() {
        // a port seen free can be taken meanwhile, and a stopped server's port can linger: wait, bounded
        Waits.until("port " + port + " to be free for PostgreSQL", START_TIMEOUT,
                () -> !FreePorts.isListening(host(), port, 200));
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(START_TIMEOUT)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private void prepareHome() {
        try {
            if (home == null) {
                home = Files.createTempDirectory("iam-pg-");
            }
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the PostgreSQL directory", e);
        }
    }

    private Path logFile() {
        return home.resolve("postgres.log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
