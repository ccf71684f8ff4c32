package io.iamsuite.bench.peers.cerbos;

import io.iamsuite.catalogue.RoleCatalogue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.Map;
import java.util.Optional;

/**
 * A Cerbos PDP on loopback: the policies generated from the catalogue ({@link CerbosPolicies}) on disk, the
 * configuration of {@code src/main/resources/cerbos/config.yaml} (HTTP and gRPC on free loopback ports, no audit, no
 * admin API, no playground, no telemetry), the server started from the binary the npm package
 * {@code @cerbos/cerbos-linux-x64} ships ({@code tools/bench/cerbos/install.sh}).
 *
 * <p>Everything lives in one directory: {@code policies/}, {@code config.yaml}, {@code cerbos.log}, and, for a
 * server started by {@link #main} to outlive its JVM, {@code cerbos.env} (addresses and pid).
 *
 * <pre>
 * java -cp ... io.iamsuite.bench.peers.cerbos.CerbosServer start DIR   # prints CERBOS_HTTP=, CERBOS_GRPC=, CERBOS_PID=
 * java -cp ... io.iamsuite.bench.peers.cerbos.CerbosServer stop DIR
 * </pre>
 */
public final class CerbosServer implements AutoCloseable {
    /** The version install.sh installs and the tables name. */
    public static final String VERSION = "0.55.0";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final Process process;
    private final Path directory;
    private final int httpPort;
    private final int grpcPort;

    private CerbosServer(Process process, Path directory, int httpPort, int grpcPort) {
        this.process = process;
        this.directory = directory;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    /**
     * The cerbos binary: the system property {@code cerbos.binary}, else {@code $CERBOS_BINARY}, else where
     * install.sh puts it ({@code ${CERBOS_HOME:-~/.cache/iamsuite/cerbos}/<version>/node_modules/...}); empty if none
     * of them is an executable file.
     */
    public static Optional<Path> binary() {
        List<String> candidates = new ArrayList<>();
        candidates.add(System.getProperty("cerbos.binary"));
        candidates.add(System.getenv("CERBOS_BINARY"));
        String home = System.getenv("CERBOS_HOME");
        Path root = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".cache", "iamsuite", "cerbos");
        candidates.add(root.resolve(VERSION).resolve("node_modules/@cerbos/cerbos-linux-x64/cerbos-linux-x64").toString());
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                Path path = Path.of(candidate);
                if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                    return Optional.of(path);
                }
            }
        }
        return Optional.empty();
    }

    /** Writes the policies and the configuration into {@code directory} and starts the server; returns when it serves. */
    public static CerbosServer start(Path directory) throws IOException, InterruptedException {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "the cerbos binary is not installed: run tools/bench/cerbos/install.sh (or set CERBOS_BINARY)"));
        Files.createDirectories(directory);
        Path policies = directory.resolve("policies");
        new CerbosPolicies(RoleCatalogue.load()).write(policies);
        Path config = directory.resolve("config.yaml");
        try (InputStream in = CerbosServer.class.getResourceAsStream("/cerbos/config.yaml")) {
            if (in == null) {
                throw new IllegalStateException("cerbos/config.yaml is not on the classpath");
            }
            Files.write(config, in.readAllBytes());
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int http = freePort();
            int grpc = freePort();
            while (grpc == http) {
                grpc = freePort();
            }
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "server", "--config=" + config,
                    "--log-level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("cerbos.log").toFile()));
            Map<String, String> env = builder.environment();
            env.put("CERBOS_HTTP_ADDR", LOOPBACK + ":" + http);
            env.put("CERBOS_GRPC_ADDR", LOOPBACK + ":" + grpc);
            env.put("CERBOS_POLICY_DIR", policies.toString());
            Process process = builder.start();
            CerbosServer server = new CerbosServer(process, directory, http, grpc);
            try {
                server.awaitReady();
                return server;
            } catch (IOException e) {
                last = e;
                server.close();   // a port taken between picking and binding: pick again
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://" + httpAddress() + "/_cerbos/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("cerbos exited with " + process.exitValue() + ": " + logTail());
            }
            try {
                HttpResponse<String> response = client.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("SERVING") && grpcListening()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("cerbos did not serve within " + READY_WITHIN.toSeconds() + " s: " + logTail());
    }

    private boolean grpcListening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, grpcPort), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("cerbos.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public String httpAddress() {
        return LOOPBACK + ":" + httpPort;
    }

    public String grpcAddress() {
        return LOOPBACK + ":" + grpcPort;
    }

    public long pid() {
        return process.pid();
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    // ---- start / stop from a shell (tools/bench/cerbos/cerbos.sh) ----

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("start") || args[0].equals("stop"))) {
            System.err.println("usage: CerbosServer start|stop DIRECTORY");
            System.exit(2);
        }
        Path directory = Path.of(args[1]).toAbsolutePath();
        Path env = directory.resolve("cerbos.env");
        if (args[0].equals("start")) {
            CerbosServer server = start(directory);   // not closed: the server outlives this JVM until stop
            String lines = "CERBOS_HTTP=" + server.httpAddress() + "\nCERBOS_GRPC=" + server.grpcAddress()
                    + "\nCERBOS_PID=" + server.pid() + "\nCERBOS_VERSION=" + VERSION + "\n";
            Files.writeString(env, lines, StandardCharsets.UTF_8);
            System.out.print(lines);
            return;
        }
        if (!Files.exists(env)) {
            System.err.println("no server started in " + directory + " (no cerbos.env)");
            return;
        }
        long pid = -1;
        for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) {
            if (line.startsWith("CERBOS_PID=")) {
                pid = Long.parseLong(line.substring("CERBOS_PID=".length()).trim());
            }
        }
        String config = directory.resolve("config.yaml").toString();
        Optional<ProcessHandle> handle = ProcessHandle.of(pid)
                .filter(h -> h.info().commandLine().map(c -> c.contains(config)).orElse(false));
        if (handle.isEmpty()) {
            System.err.println("cerbos (pid " + pid + ") of " + directory + " is not running");
        } else {
            handle.get().destroy();
            handle.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            System.out.println("cerbos (pid " + pid + ") stopped");
        }
        Files.delete(env);
    }
}
