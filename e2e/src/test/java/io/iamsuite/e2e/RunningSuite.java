package io.iamsuite.e2e;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * JUnit 5 extension that gives every test class the same {@link Suite}: the running IAM suite.
 *
 * <ul>
 *   <li>{@code IAM_E2E_BASE_URL} set: that suite is used as it is (nothing is started or stopped).</li>
 *   <li>Otherwise an isolated copy is started once per JVM with {@code deploy/local/iam up} (free ports, its own
 *       state dir under {@code e2e/target/suite-state}, database prefix {@code iame2e<run>}, Kafka topic namespace
 *       {@code e2e<run>}) and stopped with {@code deploy/local/iam down --purge-db} by a shutdown hook, which also
 *       drops the run's four databases. The script's output goes to {@code e2e/target/e2e-logs/suite-<run>.log};
 *       the services' logs are copied next to it before the state dir is purged.</li>
 * </ul>
 *
 * Use it with {@code @ExtendWith(RunningSuite.class)} and a {@link Suite} parameter (constructor, lifecycle or test
 * method), or {@link #suite()}.
 */
public final class RunningSuite implements BeforeAllCallback, ParameterResolver {
    static final String ENV_BASE_URL = "IAM_E2E_BASE_URL";
    private static final List<String> SERVICES =
            List.of("identity-service", "resource-service", "token-service", "policy-service");
    /** Inherited settings the isolated copy may keep (JVM sizing, timeouts, PostgreSQL port, shared Kafka jars). */
    private static final Set<String> PASSED_THROUGH = Set.of("IAM_SERVICE_JAVA_OPTS", "IAM_KAFKA_JAVA_OPTS",
            "IAM_HEALTH_TIMEOUT", "IAM_KAFKA_START_TIMEOUT", "IAM_STOP_TIMEOUT", "IAM_KAFKA_LIBS_DIR");
    private static final String RUN_FILE = "e2e-run.properties";
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration UP_TIMEOUT_WITH_BUILD = Duration.ofMinutes(20);
    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(2);

    private static Suite suite;
    private static RuntimeException startFailure;
    /** The copy this JVM started, if it did (what {@link #killAndRestart} acts on). */
    private static Run managedRun;

    @Override
    public void beforeAll(ExtensionContext context) {
        suite();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Suite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return suite();
    }

    /** The suite of this JVM, started on first use. A failed start is not retried by later test classes. */
    public static synchronized Suite suite() {
        if (suite != null) {
            return suite;
        }
        if (startFailure != null) {
            throw new IllegalStateException("The IAM suite failed to start earlier in this JVM", startFailure);
        }
        try {
            String external = System.getenv(ENV_BASE_URL);
            suite = external != null && !external.isBlank() ? externalSuite(external.trim()) : new Launcher().start();
            return suite;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }

    private static Suite externalSuite(String baseUrl) {
        String jdbc = System.getenv("IAM_E2E_IDENTITY_JDBC_URL");
        if (jdbc == null || jdbc.isBlank()) {
            String prefix = envOr("IAM_E2E_DB_PREFIX", "iam");
            jdbc = "jdbc:postgresql://127.0.0.1:" + envOr("PG_PORT", "5432") + "/" + prefix + "_identity";
        }
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        System.out.printf("[e2e] using the running suite at %s (identity database %s)%n", url, jdbc);
        String operator = System.getenv("IAM_E2E_OPERATOR_SECRET");
        if (operator == null || operator.isBlank()) {
            throw new IllegalStateException("IAM_E2E_OPERATOR_SECRET must hold the suite's operator secret "
                    + "(deploy/local/iam keeps it in $IAM_STATE_DIR/operator-secret)");
        }
        String logs = System.getenv("IAM_E2E_LOG_DIR");
        return new Suite(url, jdbc, false, operator.trim(),
                logs == null || logs.isBlank() ? null : java.nio.file.Path.of(logs));
    }

    /**
     * Kills the service of the suite this JVM started with SIGKILL (no shutdown hooks, nothing flushed) and starts it
     * again with {@code deploy/local/iam restart <service>}, which returns once it answers ready.
     *
     * @return the time from the kill to ready
     */
    public static synchronized Duration killAndRestart(String service) {
        suite();
        if (managedRun == null) {
            throw new IllegalStateException("only a suite this JVM started can be restarted (" + ENV_BASE_URL + " is set)");
        }
        return managedRun.killAndRestart(service);
    }

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    // ======================================================================================== managed copy

    /** Starts (and at JVM exit stops) one isolated copy of the suite with deploy/local/iam. */
    private static final class Launcher {
        private final Path moduleDir;
        private final Path repoRoot;
        private final Path script;
        private final Path stateRoot;
        private final Path logDir;

        Launcher() {
            moduleDir = Path.of(System.getProperty("iam.e2e.module-dir", System.getProperty("user.dir")))
                    .toAbsolutePath().normalize();
            repoRoot = moduleDir.getParent();
            script = repoRoot.resolve("deploy/local/iam");
            stateRoot = moduleDir.resolve("target/suite-state");
            logDir = moduleDir.resolve("target/e2e-logs");
        }

        Suite start() {
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException("deploy/local/iam not found at " + script
                        + " (the e2e module must sit directly under the repository root)");
            }
            requireNginx();
            createDirectories(stateRoot);
            createDirectories(logDir);
            cleanUpStaleRuns();

            if (!jarsPresent()) {
                // Not built yet (e.g. `./mvnw verify -pl e2e` on a fresh clone): the script's own build.
                System.out.println("[e2e] service jars missing: deploy/local/iam build (./mvnw -B -q package -DskipTests) ...");
                Run build = Run.create(this);
                build.env.put("IAM_SERVICES_ROOT", repoRoot.toString());   // where the script looks for missing jars
                int rc = build.runScript(UP_TIMEOUT_WITH_BUILD, "build");
                build.forget();
                if (rc != 0 || !jarsPresent()) {
                    throw new IllegalStateException("deploy/local/iam build failed (exit " + rc + "); see " + build.log
                            + "\n" + tail(build.log, 40));
                }
            }
            RuntimeException last = null;
            for (int attempt = 1; attempt <= 2; attempt++) {
                Run run = Run.create(this);
                Runtime.getRuntime().addShutdownHook(new Thread(run::stop, "iam-e2e-suite-down-" + run.id));
                try {
                    run.snapshotServices();
                    Suite started = run.up(UP_TIMEOUT);
                    managedRun = run;
                    return started;
                } catch (PortTakenException e) {
                    // A port chosen as free was taken before the suite bound it: once more with other ports.
                    System.err.println("[e2e] " + e.getMessage() + "; retrying with other ports");
                    run.stop();
                    last = e;
                } catch (RuntimeException e) {
                    run.stop();
                    throw e;
                }
            }
            throw last;
        }

        private boolean jarsPresent() {
            return SERVICES.stream().allMatch(svc -> Files.isRegularFile(quarkusApp(repoRoot, svc).resolve("quarkus-run.jar")));
        }

        private void requireNginx() {
            List<Path> candidates = new ArrayList<>();
            for (String dir : envOr("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "nginx"));
                }
            }
            candidates.add(Path.of("/usr/sbin/nginx"));
            candidates.add(Path.of("/usr/local/sbin/nginx"));
            if (candidates.stream().noneMatch(Files::isExecutable)) {
                throw new IllegalStateException("nginx is not installed, but the e2e tests start the suite's gateway "
                        + "with it. Install it (Debian: sudo apt-get install -y nginx; CI's .ci/run does) or point "
                        + "the tests at a running suite with " + ENV_BASE_URL + "=http://127.0.0.1:<gateway port>.");
            }
        }

        /**
         * Runs of earlier JVMs that died without their shutdown hook (kill -9, crash) left processes and databases
         * behind: stop and purge them. Runs of live JVMs (a parallel build) are left alone.
         */
        private void cleanUpStaleRuns() {
            try (Stream<Path> dirs = Files.list(stateRoot)) {
                for (Path dir : dirs.toList()) {
                    Path file = dir.resolve(RUN_FILE);
                    if (!Files.isRegularFile(file)) {
                        continue;
                    }
                    Properties props = new Properties();
                    try (InputStream in = Files.newInputStream(file)) {
                        props.load(in);
                    }
                    long pid = Long.parseLong(props.getProperty("owner.pid", "-1"));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                    System.out.printf("[e2e] cleaning up the run %s left by JVM %d (no longer running)%n",
                            dir.getFileName(), pid);
                    Map<String, String> env = new LinkedHashMap<>();
                    props.stringPropertyNames().stream().filter(k -> k.startsWith("env."))
                            .forEach(k -> env.put(k.substring(4), props.getProperty(k)));
                    new Run(this, dir.getFileName().toString(), env, dir).stop();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Thrown when `up` refused to start because a chosen port was taken meanwhile. */
    private static final class PortTakenException extends RuntimeException {
        PortTakenException(String message) {
            super(message);
        }
    }

    /** One isolated copy: its id, state dir, and the environment given to every deploy/local/iam call. */
    private static final class Run {
        private static final SecureRandom RANDOM = new SecureRandom();
        private final Launcher launcher;
        private final String id;
        private final Map<String, String> env;
        private final Path stateDir;
        private final Path log;
        private boolean stopped;

        Run(Launcher launcher, String id, Map<String, String> env, Path stateDir) {
            this.launcher = launcher;
            this.id = id;
            this.env = env;
            this.stateDir = stateDir;
            this.log = launcher.logDir.resolve("suite-" + id + ".log");
        }

        static Run create(Launcher launcher) {
            String id = randomId();
            Path stateDir = launcher.stateRoot.resolve(id);
            int[] ports = freePorts(8);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("IAM_STATE_DIR", stateDir.toString());
            env.put("IAM_GATEWAY_PORT", String.valueOf(ports[0]));
            env.put("IAM_GATEWAY_GRPC_PORT", String.valueOf(ports[1]));
            env.put("IAM_IDENTITY_PORT", String.valueOf(ports[2]));
            env.put("IAM_RESOURCE_PORT", String.valueOf(ports[3]));
            env.put("IAM_TOKEN_PORT", String.valueOf(ports[4]));
            env.put("IAM_POLICY_PORT", String.valueOf(ports[5]));
            env.put("KAFKA_PORT", String.valueOf(ports[6]));
            env.put("KAFKA_CONTROLLER_PORT", String.valueOf(ports[7]));
            env.put("PG_PORT", envOr("PG_PORT", "5432"));
            env.put("IAM_DB_PREFIX", "iame2e" + id);
            env.put("IAM_KAFKA_NAMESPACE", "e2e" + id);
            // The services run from a private copy of their packaged apps (see snapshotServices).
            env.put("IAM_SERVICES_ROOT", stateDir.resolve("services").toString());
            env.put("IAM_SKIP_BUILD", "1");
            env.put("IAM_KAFKA_LIBS_DIR", kafkaLibsDir(launcher).toString());
            env.put("IAM_OPERATOR_SECRET", operatorSecret());
            // policy-service snapshots its projection often enough for a restart test to start from one
            env.put("IAM_SNAPSHOT_INTERVAL", "5s");
            Run run = new Run(launcher, id, env, stateDir);
            run.writeRunFile();
            return run;
        }

        /** A fresh operator credential per run, in the format of platform/auth's TokenSecrets. */
        private static String operatorSecret() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return "iamt_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        /** Lower-case letters and digits only: it becomes part of database names and Kafka topics. */
        private static String randomId() {
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
            }
            return id.toString();
        }

        /**
         * The broker jars are shared, not fetched per run: IAM_KAFKA_LIBS_DIR if set, else those of the default local
         * state dir if complete, else e2e/target/kafka-libs (fetched once by the script, kept by `down --purge`).
         */
        private static Path kafkaLibsDir(Launcher launcher) {
            String configured = System.getenv("IAM_KAFKA_LIBS_DIR");
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            Path local = launcher.repoRoot.resolve("deploy/local/.state/kafka/libs");
            if (Files.isRegularFile(local.resolve(".complete"))) {
                return local;
            }
            return launcher.moduleDir.resolve("target/kafka-libs");
        }

        private void writeRunFile() {
            createDirectories(stateDir);
            Properties props = new Properties();
            props.setProperty("owner.pid", String.valueOf(ProcessHandle.current().pid()));
            props.setProperty("started", Instant.now().toString());
            env.forEach((k, v) -> props.setProperty("env." + k, v));
            try (OutputStream out = Files.newOutputStream(stateDir.resolve(RUN_FILE))) {
                props.store(out, "deploy/local/iam settings of an e2e run (for cleaning it up if its JVM dies)");
                // The same settings for a shell: (set -a; . <state dir>/e2e-run.env; deploy/local/iam down --purge-db)
                StringBuilder shell = new StringBuilder();
                env.forEach((k, v) -> shell.append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
                Files.writeString(stateDir.resolve("e2e-run.env"), shell);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** kill -9 of the service (its pid file in the state dir), then `deploy/local/iam restart`: kill to ready. */
        Duration killAndRestart(String service) {
            Path pidFile = stateDir.resolve("run").resolve(service + ".pid");
            long pid;
            try {
                pid = Long.parseLong(Files.readString(pidFile).trim());
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("no pid of " + service + " in " + pidFile, e);
            }
            ProcessHandle process = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException(service + " (pid " + pid + ") is not running"));
            appendToLog("[e2e] kill -9 " + service + " (pid " + pid + ")\n");
            long t0 = System.nanoTime();
            process.destroyForcibly();   // SIGKILL
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(service + " (pid " + pid + ") did not die of SIGKILL", e);
            }
            int rc = runScript(UP_TIMEOUT, "restart", service);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (rc != 0) {
                throw new IllegalStateException("deploy/local/iam restart " + service + " failed (exit " + rc + "); see "
                        + log + "\n" + tail(log, 40));
            }
            return took;
        }

        /** For a helper run that started nothing (the build): no run file left behind. */
        void forget() {
            stopped = true;
            deleteRecursively(stateDir);
        }

        /**
         * Copies the four packaged apps ({@code <svc>/target/quarkus-app}) into the run's state dir, and the services
         * run from there: other engineers rebuild the services in the same checkout, and a running Quarkus app whose
         * {@code quarkus-app/lib} is rebuilt underneath it fails (NoSuchFileException). A copy taken while a build
         * was rewriting the apps is taken again.
         */
        void snapshotServices() {
            Path target = stateDir.resolve("services");
            for (int attempt = 1; ; attempt++) {
                String before = fingerprint(launcher.repoRoot);
                deleteRecursively(target);
                for (String svc : SERVICES) {
                    copyTree(quarkusApp(launcher.repoRoot, svc), quarkusApp(target, svc));
                }
                String after = fingerprint(launcher.repoRoot);
                if (before.equals(after) && !after.isEmpty()
                        && SERVICES.stream().allMatch(svc -> Files.isRegularFile(quarkusApp(target, svc).resolve("quarkus-run.jar")))) {
                    appendToLog("[e2e] services copied from " + launcher.repoRoot + "/<svc>/target/quarkus-app to "
                            + target + "\n");
                    return;
                }
                if (attempt == 5) {
                    throw new IllegalStateException("the services' target/quarkus-app kept changing while being copied "
                            + "(a build running in " + launcher.repoRoot + "?); try again when it has finished");
                }
                System.out.println("[e2e] the services' quarkus-app changed while being copied (a build running?); "
                        + "copying again ...");
                awaitQuiet(launcher.repoRoot);
            }
        }

        Suite up(Duration timeout) {
            System.out.printf("[e2e] starting an isolated IAM suite (run %s, gateway port %s, databases %s_*, "
                    + "log %s) ...%n", id, env.get("IAM_GATEWAY_PORT"), env.get("IAM_DB_PREFIX"), log);
            long t0 = System.nanoTime();
            int rc = runScript(timeout, "up");
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (rc != 0) {
                String tail = tail(log, 60);
                if (tail.contains("is already in use by another process")) {
                    throw new PortTakenException("deploy/local/iam up (run " + id + ") found a port taken");
                }
                System.err.printf("[e2e] deploy/local/iam up failed (exit %d after %.1f s); last lines of %s:%n%s%n",
                        rc, seconds, log, tail);
                throw new IllegalStateException("deploy/local/iam up failed (exit " + rc + "); see " + log
                        + "\n" + tail);
            }
            System.out.printf("[e2e] suite up in %.1f s: %s%n", seconds, baseUrl());
            String jdbc = "jdbc:postgresql://127.0.0.1:" + env.get("PG_PORT") + "/" + env.get("IAM_DB_PREFIX")
                    + "_identity";
            return new Suite(baseUrl(), jdbc, true, env.get("IAM_OPERATOR_SECRET"), stateDir.resolve("logs"));
        }

        private String baseUrl() {
            return "http://127.0.0.1:" + env.get("IAM_GATEWAY_PORT");
        }

        /** Idempotent. Keeps the services' logs in e2e/target/e2e-logs/<run>/, then purges processes, data, databases. */
        synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            try {
                copyLogs();
                long t0 = System.nanoTime();
                int rc = runScript(DOWN_TIMEOUT, "down", "--purge-db");
                double seconds = (System.nanoTime() - t0) / 1e9;
                appendToLog(String.format("[e2e] down --purge-db exit %d after %.1f s%n", rc, seconds));
                if (rc == 0 && tail(log, 15).contains("databases not dropped")) {
                    System.err.printf("[e2e] run %s stopped, but PostgreSQL was not reachable: its databases %s_* "
                            + "were not dropped; the next e2e run retries (run file in %s)%n",
                            id, env.get("IAM_DB_PREFIX"), stateDir);
                } else if (rc == 0) {
                    deleteRecursively(stateDir);
                    System.out.printf("[e2e] suite %s stopped and purged (databases %s_* dropped) in %.1f s%n",
                            id, env.get("IAM_DB_PREFIX"), seconds);
                } else {
                    System.err.printf("[e2e] deploy/local/iam down --purge-db failed (exit %d) for run %s; the run file "
                            + "stays in %s so that the next e2e run retries; last lines of %s:%n%s%n",
                            rc, id, stateDir, log, tail(log, 30));
                }
            } catch (RuntimeException e) {
                System.err.println("[e2e] stopping run " + id + " failed: " + e);
            }
        }

        private void copyLogs() {
            Path source = stateDir.resolve("logs");
            if (!Files.isDirectory(source)) {
                return;
            }
            Path target = launcher.logDir.resolve(id);
            try (Stream<Path> files = Files.list(source)) {
                createDirectories(target);
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                System.err.println("[e2e] could not keep the logs of run " + id + ": " + e);
            }
        }

        /** Runs deploy/local/iam with this run's environment, appending its output to the run's log. */
        private int runScript(Duration timeout, String... args) {
            List<String> command = new ArrayList<>(List.of("bash", launcher.script.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(launcher.repoRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> processEnv = builder.environment();
            // The developer's own settings for their suite (ports, state dir, IAM_PG_DIR, ...) must not leak
            // into the isolated copy: `down --purge-db` would act on them.
            processEnv.keySet().removeIf(k -> (k.startsWith("IAM_") && !PASSED_THROUGH.contains(k))
                    || k.startsWith("KAFKA_") || k.equals("PG_PORT"));
            processEnv.putAll(env);
            appendToLog("\n===== " + Instant.now() + " deploy/local/iam " + String.join(" ", args) + " (run " + id
                    + ") =====\n");
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not run " + command, e);
            }
            try {
                if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return process.exitValue();
                }
                appendToLog("\n[e2e] timed out after " + timeout.toSeconds() + " s; killing the script\n");
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                return 124;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
                return 130;
            }
        }

        private void appendToLog(String text) {
            try {
                Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ======================================================================================== helpers

    /**
     * Distinct ports that were free on 127.0.0.1 a moment ago, below the Linux ephemeral range (32768+) so that
     * outgoing connections cannot take them before the suite binds them.
     */
    static int[] freePorts(int count) {
        Set<Integer> chosen = new HashSet<>();
        int[] ports = new int[count];
        int found = 0;
        for (int tries = 0; found < count && tries < 5000; tries++) {
            int candidate = ThreadLocalRandom.current().nextInt(20000, 32000);
            if (chosen.contains(candidate) || !bindable(candidate)) {
                continue;
            }
            chosen.add(candidate);
            ports[found++] = candidate;
        }
        if (found < count) {
            throw new IllegalStateException("could not find " + count + " free ports on 127.0.0.1");
        }
        return ports;
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Path quarkusApp(Path root, String service) {
        return root.resolve(service).resolve("target/quarkus-app");
    }

    /** Path, size and modification time of every file of the four packaged apps ("" if one is missing). */
    private static String fingerprint(Path root) {
        StringBuilder print = new StringBuilder();
        for (String svc : SERVICES) {
            Path app = quarkusApp(root, svc);
            if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                return "";
            }
            try (Stream<Path> files = Files.walk(app)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    print.append(file).append(' ').append(Files.size(file)).append(' ')
                            .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
                }
            } catch (IOException e) {
                return "";   // files vanished during the walk: a build is running
            }
        }
        return print.toString();
    }

    /** Waits (bounded, 3 min) until the packaged apps have not changed for 5 s; goes on regardless after that. */
    private static void awaitQuiet(Path root) {
        String[] previous = {fingerprint(root)};
        long[] stableSince = {System.nanoTime()};
        try {
            await("the services' target/quarkus-app stop changing").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        String current = fingerprint(root);
                        if (current.isEmpty() || !current.equals(previous[0])) {
                            previous[0] = current;
                            stableSince[0] = System.nanoTime();
                            return false;
                        }
                        return System.nanoTime() - stableSince[0] > Duration.ofSeconds(5).toNanos();
                    });
        } catch (ConditionTimeoutException e) {
            System.out.println("[e2e] " + e.getMessage());
        }
    }

    private static void copyTree(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            // Most likely a build deleting files during the copy: the fingerprint check takes it again.
            System.out.println("[e2e] copying " + source + " failed: " + e);
        }
    }

    static String tail(Path file, int lines) {
        try {
            // Lenient decoding: service logs may hold anything.
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("[e2e] could not delete " + dir + ": " + e);
        }
    }
}
