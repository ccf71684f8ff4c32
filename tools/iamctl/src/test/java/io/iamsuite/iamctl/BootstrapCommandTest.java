package io.iamsuite.iamctl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** iamctl bootstrap against a stand-in suite: the calls, their order and headers, and the refusals. */
class BootstrapCommandTest {
    private static final String SECRET = "iamt_" + "A".repeat(43);

    private HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile boolean bootstrapped;
    private volatile int bootstrapStatus = 201;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void suite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        calls.add(exchange.getRequestMethod() + " " + path + " ct=" + exchange.getRequestHeaders()
                .getFirst("X-Consistency-Token") + " auth=" + exchange.getRequestHeaders().getFirst("Authorization")
                + " " + body);
        if (path.equals("/bootstrap/status")) {
            reply(exchange, 200, "{\"data\":{\"bootstrapped\":" + bootstrapped + "}}", null);
        } else if (path.equals("/workspaces")) {
            reply(exchange, 201, "{\"data\":{\"workspace\":{\"id\":\"ws_1\",\"name\":\"Acme\",\"slug\":\"acme\"},"
                    + "\"consistencyToken\":\"ct1.ws\"}}", "ct1.ws");
        } else if (path.equals("/workspaces/ws_1/members")) {
            reply(exchange, 201, "{\"data\":{\"user\":{\"id\":\"usr_1\"},\"consistencyToken\":\"ct1.m\"}}", "ct1.m");
        } else if (path.equals("/bootstrap")) {
            if (bootstrapStatus == 201) {
                bootstrapped = true;
                reply(exchange, 201, "{\"data\":{\"token\":{\"id\":\"tok_1\"},\"secret\":\"" + SECRET + "\"}}", "ct1.t");
            } else {
                reply(exchange, bootstrapStatus, "{\"errors\":[{\"type\":\"conflict\",\"message\":\"bootstrapped\","
                        + "\"field\":\"bootstrap\"}]}", null);
            }
        } else {
            reply(exchange, 404, "{}", null);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body, String token) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (token != null) {
            exchange.getResponseHeaders().add("X-Consistency-Token", token);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private int run(String... extra) {
        String[] base = {"bootstrap", "--gateway", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--workspace-name", "Acme", "--workspace-slug", "acme", "--owner-email", "ada@example.com"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return new CommandLine(new Iamctl()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void creates_the_workspace_then_its_owner_then_the_token_and_prints_the_secret_once() {
        assertThat(run("--bearer", "iamt_operator")).isZero();

        assertThat(calls).hasSize(4);
        assertThat(calls.get(0)).startsWith("GET /bootstrap/status");
        assertThat(calls.get(1)).startsWith("POST /workspaces ct=null").contains("\"slug\":\"acme\"");
        assertThat(calls.get(2)).startsWith("POST /workspaces/ws_1/members ct=ct1.ws")
                .contains("\"email\":\"ada@example.com\"", "\"role\":\"OWNER\"");
        assertThat(calls.get(3)).startsWith("POST /bootstrap ct=ct1.ws")
                .contains("\"workspaceId\":\"ws_1\"", "\"ownerUserId\":\"usr_1\"");
        assertThat(calls).allMatch(call -> call.contains("auth=Bearer iamt_operator"));
        assertThat(out.toString()).contains("workspaceId=ws_1", "ownerUserId=usr_1", "tokenId=tok_1", "secret=" + SECRET);
        assertThat(out.toString().split(SECRET, -1)).hasSize(2);
        assertThat(err.toString()).doesNotContain(SECRET);
    }

    @Test
    void refuses_to_run_twice_before_creating_anything() {
        assertThat(run()).isZero();
        calls.clear();

        assertThat(run()).isEqualTo(BootstrapCommand.REFUSED);
        assertThat(calls).hasSize(1).allMatch(call -> call.startsWith("GET /bootstrap/status"));
        assertThat(err.toString()).contains("bootstrapped already");
    }

    @Test
    void a_bootstrap_that_lost_a_race_says_what_it_created_and_prints_no_secret() {
        bootstrapStatus = 409;
        assertThat(run()).isEqualTo(BootstrapCommand.REFUSED);
        assertThat(out.toString()).doesNotContain("secret=");
        assertThat(err.toString()).contains("ws_1", "usr_1", "no token was issued");
    }

    @Test
    void missing_options_are_a_usage_error() {
        int code = new CommandLine(new Iamctl()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("bootstrap", "--workspace-name", "Acme");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--owner-email");
        assertThat(calls).isEmpty();
    }
}
