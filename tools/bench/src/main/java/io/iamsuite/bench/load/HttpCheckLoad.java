package io.iamsuite.bench.load;

import io.iamsuite.bench.Args;
import io.iamsuite.bench.Quiet;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /policy/v1/check} under load (see {@link CheckLoad}), with a Vert.x HTTP/1.1 client: keep-alive, a pool
 * of {@code --connections}, no pipelining. Written for the fixed-rate (open-loop) runs, which wrk 4.1 of Debian cannot
 * do (no {@code -R}), and for verifying every answer; saturation over HTTP is measured with wrk
 * ({@code tools/bench/policy-check.lua}). Same credential and checks as {@link GrpcCheckLoad}: the operator secret as
 * bearer, no consistency (minimizeLatency).
 */
public final class HttpCheckLoad {
    static final String USAGE = """
            HttpCheckLoad: HTTP check throughput and latency against a running policy-service.
              --target HOST:PORT         policy-service's HTTP port (default 127.0.0.1:8084)
              --connections N            keep-alive connections in the pool (default 64)
              --event-loops N            client event-loop threads (default 2)
            """ + CheckLoad.COMMON_USAGE;
    private static final String PATH = "/policy/v1/check";

    public static void main(String[] argv) {
        Args args = new Args(argv, USAGE);
        String target = args.string("target", "127.0.0.1:8084");
        int connections = args.integer("connections", 64);
        int eventLoops = args.integer("event-loops", 2);
        Question[] questions = Question.read(Path.of(args.string("questions", "questions.tsv")));
        String bearer = CheckLoad.bearer(args.string("operator-secret-file", null));
        CheckLoad.Settings settings = CheckLoad.Settings.read(args);
        args.done();
        Quiet.logging();

        int status;
        try (Http transport = new Http(target, connections, eventLoops, bearer, questions)) {
            status = new CheckLoad("HTTP", transport, questions, settings).sweep();
        }
        System.exit(status);
    }

    /** Requests are started on the client's event loops (round-robin when asked from another thread). */
    static final class Http implements CheckLoad.Transport {
        private final String target;
        private final int connections;
        private final Vertx vertx;
        private final HttpClient client;
        private final Context[] contexts;
        private final Buffer[] bodies;
        private final RequestOptions options;
        private final AtomicInteger turn = new AtomicInteger();

        Http(String target, int connections, int eventLoops, String bearer, Question[] questions) {
            this.target = target;
            this.connections = connections;
            int colon = target.lastIndexOf(':');
            String host = target.substring(0, colon);
            int port = Integer.parseInt(target.substring(colon + 1));
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
            client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
                            .setKeepAlive(true).setPipelining(false).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(connections));
            contexts = new Context[eventLoops];
            for (int i = 0; i < eventLoops; i++) {
                contexts[i] = vertx.getOrCreateContext();
            }
            bodies = new Buffer[questions.length];
            for (int i = 0; i < questions.length; i++) {
                bodies[i] = Buffer.buffer(questions[i].json());
            }
            options = new RequestOptions().setMethod(HttpMethod.POST).setURI(PATH)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.AUTHORIZATION, bearer);
        }

        @Override
        public void check(int question, CheckLoad.Callback done) {
            if (Vertx.currentContext() == null) {
                contexts[Math.floorMod(turn.getAndIncrement(), contexts.length)].runOnContext(v -> send(question, done));
            } else {
                send(question, done);
            }
        }

        private void send(int question, CheckLoad.Callback done) {
            client.request(options)
                    .compose(request -> request.send(bodies[question]))
                    .compose(response -> response.body().map(body -> {
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + body);
                        }
                        String text = body.toString();
                        if (text.contains("\"allowed\":true")) {
                            return Boolean.TRUE;
                        }
                        if (text.contains("\"allowed\":false")) {
                            return Boolean.FALSE;
                        }
                        throw new IllegalStateException("no verdict in " + text);
                    }))
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            done.done(result.result(), null);
                        } else {
                            done.done(false, String.valueOf(result.cause()));
                        }
                    });
        }

        @Override
        public String describe() {
            String version = Vertx.class.getPackage().getImplementationVersion();
            return "Vert.x" + (version == null ? "" : " " + version) + " HTTP/1.1 client, "
                    + connections + " keep-alive connections to " + target + ", " + contexts.length
                    + " event loop(s), bearer operator secret, no consistency (minimizeLatency)";
        }

        @Override
        public void close() {
            try {
                client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing at exit
            }
        }
    }

    private HttpCheckLoad() {
    }
}
