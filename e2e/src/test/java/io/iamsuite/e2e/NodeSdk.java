package io.iamsuite.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segment's official TypeScript SDK, installed with {@code npm ci} from {@code e2e/src/test/sdk/package-lock.json}
 * into {@code e2e/target/sdk-node} (kept between runs while the lock file is unchanged), and the Node scripts of
 * {@code e2e/src/test/sdk} run against it. Needs {@code node} and {@code npm} on the PATH (Node 18 or later) and,
 * on the first run, the npm registry.
 */
final class NodeSdk {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final String SDK_PACKAGE = "@segment/public-api-sdk-typescript";

    private final Path scripts;
    private final Path installDir;

    private NodeSdk(Path moduleDir) {
        this.scripts = moduleDir.resolve("src/test/sdk");
        this.installDir = moduleDir.resolve("target/sdk-node");
    }

    /** The SDK installed as the lock file says (npm ci only when the lock file changed since the last install). */
    static NodeSdk installed() {
        Path moduleDir = Path.of(System.getProperty("iam.e2e.module-dir", System.getProperty("user.dir")))
                .toAbsolutePath().normalize();
        NodeSdk sdk = new NodeSdk(moduleDir);
        sdk.install();
        return sdk;
    }

    Path scripts() {
        return scripts;
    }

    /** Where the SDK is installed ({@code e2e/target/sdk-node}); scripts may write their reports here. */
    Path installDir() {
        return installDir;
    }

    /** The outcome of one Node script: its exit status and everything it printed. */
    /**
     * Runs {@code run.js} with the scenario list {@code plan} against the suite (an owner token is made in its
     * set-up; the operator secret provisions), then asserts its JSON report: no set-up error, the pinned SDK
     * version, the plan, every scenario of {@code scenarios} present and every scenario passed, exit status 0.
     * Answers the report for the caller's own assertions; prints the scenarios' notes.
     */
    JsonNode runScenarios(Suite suite, String plan, int members, List<String> scenarios, Duration timeout)
            throws IOException {
        Path report = installDir.resolve("sdk-" + plan + "-report.json");
        Files.deleteIfExists(report);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IAM_SDK_GATEWAY", suite.baseUrl());
        env.put("IAM_SDK_OPERATOR_SECRET", suite.operatorSecret());
        env.put("IAM_SDK_MEMBERS", String.valueOf(members));
        env.put("IAM_SDK_REPORT", report.toString());
        env.put("IAM_SDK_SCENARIOS", plan);

        Outcome outcome = run("run.js", env, timeout);

        assertThat(report).as("the report of run.js (output:%n%s)", String.join("\n", outcome.output())).exists();
        JsonNode result = new ObjectMapper().readTree(report.toFile());
        assertThat(result.path("setUpError").isMissingNode()).as("set-up: %s", result.path("setUpError")).isTrue();
        assertThat(result.path("sdkVersion").asText()).isEqualTo("47.0.0-b8398");
        assertThat(result.path("plan").asText()).isEqualTo(plan);
        Map<String, String> statuses = new LinkedHashMap<>();
        result.path("scenarios").forEach(sc -> statuses.put(sc.path("name").asText(),
                sc.path("status").asText() + (sc.has("error") ? ": " + sc.path("error").asText() : "")));
        assertThat(statuses).as("scenarios run by the SDK").containsKeys(scenarios.toArray(String[]::new));
        assertThat(statuses).as("every scenario passed").allSatisfy((name, status) -> assertThat(status)
                .as("scenario %s", name).isEqualTo("passed"));
        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(outcome.exitCode()).as("exit status of run.js").isZero();
        result.path("notes").forEach(note -> System.out.println("[e2e] sdk: " + note.asText()));
        return result;
    }

    record Outcome(int exitCode, List<String> output) {
    }

    /** Runs {@code node <script>} from {@link #scripts()} with the SDK on NODE_PATH; its output is echoed. */
    Outcome run(String script, Map<String, String> env, Duration timeout) {
        List<String> command = List.of(executable("node"), scripts.resolve(script).toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("NODE_PATH", installDir.resolve("node_modules").toString());
        return execute(builder, timeout, "node " + script);
    }

    private void install() {
        try {
            Files.createDirectories(installDir);
            String stamp = fingerprint();
            Path stampFile = installDir.resolve(".installed-lock");
            // Two e2e JVMs (parallel builds in one checkout) must not run npm ci in the same directory at once.
            try (FileChannel channel = FileChannel.open(installDir.resolve(".install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)
                        && Files.isRegularFile(installDir.resolve("node_modules/" + SDK_PACKAGE + "/package.json"))) {
                    return;
                }
                Files.deleteIfExists(stampFile);
                for (String file : List.of("package.json", "package-lock.json")) {
                    Files.copy(scripts.resolve(file), installDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
                System.out.printf("[e2e] npm ci (%s, as pinned in %s) into %s ...%n", SDK_PACKAGE,
                        scripts.resolve("package-lock.json"), installDir);
                ProcessBuilder npm = new ProcessBuilder(executable("npm"), "ci", "--ignore-scripts", "--no-audit",
                        "--no-fund", "--loglevel=error").directory(installDir.toFile()).redirectErrorStream(true);
                Outcome outcome = execute(npm, INSTALL_TIMEOUT, "npm ci");
                if (outcome.exitCode() != 0) {
                    throw new IllegalStateException("npm ci failed (exit " + outcome.exitCode() + ") in " + installDir
                            + ":\n" + String.join("\n", outcome.output()));
                }
                Files.writeString(stampFile, stamp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String fingerprint() throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(scripts.resolve("package.json")));
            digest.update(Files.readAllBytes(scripts.resolve("package-lock.json")));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Outcome execute(ProcessBuilder builder, Duration timeout, String what) {
        List<String> output = new ArrayList<>();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + what + " (" + builder.command().get(0) + "): " + e.getMessage()
                    + ". The SDK tests need Node.js 18+ and npm on the PATH (Debian: apt-get install -y nodejs npm).", e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    System.out.println("[" + what + "] " + line);
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException e) {
                // The process ended (or was destroyed): nothing more to read.
            }
        }, "node-output");
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + timeout);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
        synchronized (output) {
            return new Outcome(process.exitValue(), List.copyOf(output));
        }
    }

    private static String executable(String name) {
        for (String dir : RunningSuite.envOr("PATH", "/usr/local/bin:/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isBlank() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return name;
    }
}
