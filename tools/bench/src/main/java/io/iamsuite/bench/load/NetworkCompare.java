package io.iamsuite.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.iamsuite.bench.Args;
import io.iamsuite.bench.Quiet;
import io.iamsuite.bench.peers.cerbos.CerbosServer;
import io.iamsuite.bench.peers.cerbos.api.CerbosServiceGrpc;
import io.iamsuite.bench.peers.cerbos.api.CheckResourcesRequest;
import io.iamsuite.bench.peers.cerbos.api.CheckResourcesResponse;
import io.iamsuite.bench.peers.cerbos.api.Effect;
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
import com.google.protobuf.util.JsonFormat;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One target of the network comparison (tools/bench/run-network-compare.sh) under {@link CheckLoad}'s closed and open
 * loops, every answer compared with our in-process verdict, each run appended as a row of a CSV file:
 *
 * <ul>
 *   <li>{@code ours-grpc}: policy-service's {@code PolicyService/Check}, {@link GrpcCheckLoad}'s transport;</li>
 *   <li>{@code ours-http}: its {@code POST /policy/v1/check}, {@link HttpCheckLoad}'s transport (Vert.x);</li>
 *   <li>{@code cerbos-grpc}: Cerbos's {@code CerbosService/CheckResources}, grpc-java's async stub generated from
 *       {@code cerbos_check.proto}, over {@code --channels} HTTP/2 connections;</li>
 *   <li>{@code cerbos-http}: Cerbos's {@code POST /api/check/resources}, the same Vert.x client as ours.</li>
 * </ul>
 *
 * Ours reads {@code questions.tsv}, Cerbos {@code cerbos-checks.tsv}: the same questions, line by line (see
 * {@link NetworkCompareSeeder}); Cerbos's requests are sent as prebuilt there, like ours.
 */
public final class NetworkCompare {
    static final String USAGE = """
            NetworkCompare: one target's check throughput and latency, rows appended to a CSV file.
              --target NAME              ours-grpc, ours-http, cerbos-grpc or cerbos-http
              --address HOST:PORT        the target's port
              --questions FILE           questions.tsv (NetworkCompareSeeder; also the verdicts for Cerbos)
              --cerbos-checks FILE       cerbos-checks.tsv (the Cerbos targets)
              --operator-secret-file F   bearer credential of ours
              --channels N               gRPC: HTTP/2 connections (default 2)
              --connections N            HTTP: keep-alive connections (default 64)
              --event-loops N            HTTP: client event loops (default 2)
              --csv FILE                 append one row per run (header written if the file is new)
              --run-id ID                first column of the rows (default: the start time)
            """ + CheckLoad.COMMON_USAGE;
    static final String CSV_HEADER = "run_id,target,server,protocol,client,mode,level,seconds,answered,answers_per_s,"
            + "kept_up,p50_us,p90_us,p99_us,p999_us,max_us,cpu_client,cpu_server,cpu_machine,server_cpu_us_per_check,"
            + "load_before,note";

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        String target = args.string("target", null);
        String address = args.string("address", null);
        Question[] questions = Question.read(Path.of(args.string("questions", "questions.tsv")));
        String cerbosChecks = args.string("cerbos-checks", "cerbos-checks.tsv");
        String secretFile = args.string("operator-secret-file", null);
        int channels = args.integer("channels", 2);
        int connections = args.integer("connections", 64);
        int eventLoops = args.integer("event-loops", 2);
        Path csv = Path.of(args.string("csv", "network-compare.csv"));
        String runId = args.string("run-id", Instant.now().toString());
        CheckLoad.Settings settings = CheckLoad.Settings.read(args);
        args.done();
        if (target == null || address == null) {
            System.err.println("--target and --address are required");
            System.err.println(USAGE);
            System.exit(2);
        }
        Quiet.logging();

        CheckLoad.Transport transport;
        String client;
        switch (target) {
            case "ours-grpc":
                transport = new GrpcCheckLoad.Grpc(address, channels, CheckLoad.bearer(secretFile), questions);
                client = "grpc-java async stub, " + channels + " HTTP/2 connections";
                break;
            case "ours-http":
                transport = new HttpCheckLoad.Http(address, connections, eventLoops, CheckLoad.bearer(secretFile), questions);
                client = "Vert.x HTTP/1.1, " + connections + " connections";
                break;
            case "cerbos-grpc":
                transport = new CerbosGrpc(address, channels, readCerbosChecks(Path.of(cerbosChecks), questions));
                client = "grpc-java async stub, " + channels + " HTTP/2 connections";
                break;
            case "cerbos-http":
                transport = new CerbosHttp(address, connections, eventLoops, readCerbosChecks(Path.of(cerbosChecks), questions));
                client = "Vert.x HTTP/1.1, " + connections + " connections";
                break;
            default:
                throw new IllegalArgumentException("unknown --target " + target);
        }
        int status;
        CheckLoad load = new CheckLoad(target, transport, questions, settings);
        try (transport) {
            status = load.sweep();
        }
        appendRows(csv, runId, target, client, runs(load));
        System.exit(status);
    }

    /** The bodies of cerbos-checks.tsv, whose verdicts must be those of questions.tsv line by line. */
    static byte[][] readCerbosChecks(Path file, Question[] questions) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() != questions.length) {
            throw new IllegalArgumentException(file + " has " + lines.size() + " checks, the questions " + questions.length);
        }
        byte[][] bodies = new byte[lines.size()][];
        for (int i = 0; i < bodies.length; i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            if (Boolean.parseBoolean(line.substring(0, tab)) != questions[i].allowed()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " expects another verdict than the questions");
            }
            bodies[i] = line.substring(tab + 1).getBytes(StandardCharsets.UTF_8);
        }
        return bodies;
    }

    /**
     * The runs of a sweep. CheckLoad reports them as Markdown only and keeps the list to itself; it is read here,
     * rather than CheckLoad changed while its author is finishing it, until CheckLoad offers an accessor.
     */
    @SuppressWarnings("unchecked")
    static List<CheckLoad.Run> runs(CheckLoad load) throws ReflectiveOperationException {
        Field field = CheckLoad.class.getDeclaredField("runs");
        field.setAccessible(true);
        return (List<CheckLoad.Run>) field.get(load);
    }

    static void appendRows(Path csv, String runId, String target, String client, List<CheckLoad.Run> runs)
            throws IOException {
        StringBuilder rows = new StringBuilder();
        if (!Files.exists(csv)) {
            rows.append(CSV_HEADER).append('\n');
        }
        String server = target.startsWith("cerbos") ? "cerbos " + CerbosServer.VERSION : "policy-service";
        String protocol = target.endsWith("grpc") ? "grpc" : "http";
        for (CheckLoad.Run run : runs) {
            Histogram h = run.latency();
            rows.append(String.format(Locale.ROOT, "%s,%s,%s,%s,\"%s\",%s,%d,%.1f,%d,%.1f,%s,%d,%d,%d,%d,%d,%.2f,%.2f,%.2f,%.1f,\"%s\",\"%s\"%n",
                    runId, target, server, protocol, client, run.mode(), run.level(), run.seconds(), run.answered(),
                    run.perSecond(), run.keptUp(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                    h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), run.clientCores(),
                    run.serverCores(), run.machineCores(),
                    run.perSecond() <= 0 ? 0 : run.serverCores() * 1e6 / run.perSecond(), run.loadBefore(),
                    run.stopped() == null ? "" : run.stopped()));
        }
        Files.createDirectories(csv.toAbsolutePath().getParent());
        Files.writeString(csv, rows, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** {@code CerbosService/CheckResources}, async; the answer handled on the channel's Netty thread. */
    static final class CerbosGrpc implements CheckLoad.Transport {
        private final String target;
        private final ManagedChannel[] channels;
        private final CerbosServiceGrpc.CerbosServiceStub[] stubs;
        private final CheckResourcesRequest[] requests;
        private final AtomicInteger turn = new AtomicInteger();

        CerbosGrpc(String target, int channelCount, byte[][] bodies) throws IOException {
            this.target = target;
            int colon = target.lastIndexOf(':');
            channels = new ManagedChannel[channelCount];
            stubs = new CerbosServiceGrpc.CerbosServiceStub[channelCount];
            for (int i = 0; i < channelCount; i++) {
                channels[i] = NettyChannelBuilder.forAddress(target.substring(0, colon),
                        Integer.parseInt(target.substring(colon + 1))).usePlaintext().directExecutor().build();
                stubs[i] = CerbosServiceGrpc.newStub(channels[i]);
            }
            // The JSON body is the request's protobuf JSON mapping: the same request, built once.
            JsonFormat.Parser parser = JsonFormat.parser();
            requests = new CheckResourcesRequest[bodies.length];
            for (int i = 0; i < bodies.length; i++) {
                CheckResourcesRequest.Builder builder = CheckResourcesRequest.newBuilder();
                parser.merge(new String(bodies[i], StandardCharsets.UTF_8), builder);
                requests[i] = builder.build();
            }
        }

        @Override
        public void check(int question, CheckLoad.Callback done) {
            CheckResourcesRequest request = requests[question];
            String action = request.getResources(0).getActions(0);
            stubs[Math.floorMod(turn.getAndIncrement(), stubs.length)].checkResources(request, new StreamObserver<>() {
                private Effect effect = Effect.EFFECT_UNSPECIFIED;

                @Override
                public void onNext(CheckResourcesResponse response) {
                    effect = response.getResultsCount() == 1
                            ? response.getResults(0).getActionsOrDefault(action, Effect.EFFECT_UNSPECIFIED)
                            : Effect.EFFECT_UNSPECIFIED;
                }

                @Override
                public void onError(Throwable t) {
                    Status status = Status.fromThrowable(t);
                    done.done(false, status.getCode() + ": " + status.getDescription());
                }

                @Override
                public void onCompleted() {
                    if (effect == Effect.EFFECT_ALLOW || effect == Effect.EFFECT_DENY) {
                        done.done(effect == Effect.EFFECT_ALLOW, null);
                    } else {
                        done.done(false, "no effect for " + action + " in the answer (" + effect + ")");
                    }
                }
            });
        }

        @Override
        public String describe() {
            return "grpc-java async stub (cerbos_check.proto), Netty, " + channels.length
                    + " HTTP/2 connection(s) to Cerbos " + CerbosServer.VERSION + " at " + target
                    + ", requests prebuilt (principal with its grants, resource with its labels and parent)";
        }

        @Override
        public void close() {
            for (ManagedChannel channel : channels) {
                channel.shutdown();
            }
            for (ManagedChannel channel : channels) {
                try {
                    channel.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** {@code POST /api/check/resources}, the Vert.x client as in {@link HttpCheckLoad}. */
    static final class CerbosHttp implements CheckLoad.Transport {
        private static final String PATH = "/api/check/resources";
        private final String target;
        private final int connections;
        private final Vertx vertx;
        private final HttpClient client;
        private final Context[] contexts;
        private final Buffer[] bodies;
        private final RequestOptions options;
        private final AtomicInteger turn = new AtomicInteger();

        CerbosHttp(String target, int connections, int eventLoops, byte[][] requestBodies) {
            this.target = target;
            this.connections = connections;
            int colon = target.lastIndexOf(':');
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
            client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(target.substring(0, colon))
                            .setDefaultPort(Integer.parseInt(target.substring(colon + 1)))
                            .setKeepAlive(true).setPipelining(false).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(connections));
            contexts = new Context[eventLoops];
            for (int i = 0; i < eventLoops; i++) {
                contexts[i] = vertx.getOrCreateContext();
            }
            bodies = new Buffer[requestBodies.length];
            for (int i = 0; i < requestBodies.length; i++) {
                bodies[i] = Buffer.buffer(requestBodies[i]);
            }
            options = new RequestOptions().setMethod(HttpMethod.POST).setURI(PATH)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
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
                        // one resource, one action: the answer holds exactly one effect
                        if (text.contains("\"EFFECT_ALLOW\"")) {
                            return Boolean.TRUE;
                        }
                        if (text.contains("\"EFFECT_DENY\"")) {
                            return Boolean.FALSE;
                        }
                        throw new IllegalStateException("no effect in " + text);
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
            return "Vert.x" + (version == null ? "" : " " + version) + " HTTP/1.1 client, " + connections
                    + " keep-alive connections to Cerbos " + CerbosServer.VERSION + " at " + target + ", "
                    + contexts.length + " event loop(s), bodies prebuilt (principal with its grants, resource with its "
                    + "labels and parent)";
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

    private NetworkCompare() {
    }
}
