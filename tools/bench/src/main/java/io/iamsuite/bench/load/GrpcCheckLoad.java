package io.iamsuite.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.iamsuite.bench.Args;
import io.iamsuite.bench.Quiet;
import io.iamsuite.policy.v1.CheckRequest;
import io.iamsuite.policy.v1.CheckResponse;
import io.iamsuite.policy.v1.PolicyServiceGrpc;
import io.iamsuite.policy.v1.ResourceRef;
import io.iamsuite.policy.v1.ResourceType;
import io.iamsuite.policy.v1.Subject;
import io.iamsuite.policy.v1.SubjectType;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code iam.policy.v1.PolicyService/Check} under load (see {@link CheckLoad} for the closed and open loops), with
 * grpc-java's async stub generated from platform/policy-api, over {@code --channels} HTTP/2 connections (plaintext,
 * as policy-service serves gRPC on its HTTP port). The credential is the operator secret as a bearer token in the
 * {@code authorization} metadata: the sample spans a thousand workspaces, and an API token may only ask about its own
 * workspace, so the one credential a real multi-tenant caller (a gateway, another service) can use for all of them is
 * the operator's. The checks carry no consistency (minimizeLatency, the default).
 */
public final class GrpcCheckLoad {
    static final String USAGE = """
            GrpcCheckLoad: gRPC Check throughput and latency against a running policy-service.
              --target HOST:PORT         policy-service's port (HTTP and gRPC; default 127.0.0.1:8084)
              --channels N               HTTP/2 connections, calls spread round-robin (default 2)
            """ + CheckLoad.COMMON_USAGE;

    public static void main(String[] argv) {
        Args args = new Args(argv, USAGE);
        String target = args.string("target", "127.0.0.1:8084");
        int channels = args.integer("channels", 2);
        Question[] questions = Question.read(Path.of(args.string("questions", "questions.tsv")));
        String bearer = CheckLoad.bearer(args.string("operator-secret-file", null));
        CheckLoad.Settings settings = CheckLoad.Settings.read(args);
        args.done();
        Quiet.logging();

        int status;
        try (Grpc transport = new Grpc(target, channels, bearer, questions)) {
            status = new CheckLoad("gRPC", transport, questions, settings).sweep();
        }
        System.exit(status);
    }

    /** Async unary calls; the answer is handled on the channel's Netty thread (direct executor). */
    static final class Grpc implements CheckLoad.Transport {
        private final String target;
        private final ManagedChannel[] channels;
        private final PolicyServiceGrpc.PolicyServiceStub[] stubs;
        private final CheckRequest[] requests;
        private final AtomicInteger turn = new AtomicInteger();

        Grpc(String target, int channelCount, String bearer, Question[] questions) {
            this.target = target;
            int colon = target.lastIndexOf(':');
            String host = target.substring(0, colon);
            int port = Integer.parseInt(target.substring(colon + 1));
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), bearer);
            channels = new ManagedChannel[channelCount];
            stubs = new PolicyServiceGrpc.PolicyServiceStub[channelCount];
            for (int i = 0; i < channelCount; i++) {
                channels[i] = NettyChannelBuilder.forAddress(host, port).usePlaintext().directExecutor().build();
                stubs[i] = PolicyServiceGrpc.newStub(channels[i])
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            requests = new CheckRequest[questions.length];
            for (int i = 0; i < questions.length; i++) {
                Question q = questions[i];
                requests[i] = CheckRequest.newBuilder()
                        .setWorkspaceId(q.workspaceId())
                        .setSubject(Subject.newBuilder().setType(SubjectType.valueOf("SUBJECT_TYPE_" + q.subjectType()))
                                .setId(q.subjectId()))
                        .setPermission(q.permission())
                        .setResource(ResourceRef.newBuilder()
                                .setType(ResourceType.valueOf("RESOURCE_TYPE_" + q.resourceType())).setId(q.resourceId()))
                        .build();
            }
        }

        @Override
        public void check(int question, CheckLoad.Callback done) {
            int channel = Math.floorMod(turn.getAndIncrement(), stubs.length);
            stubs[channel].check(requests[question], new StreamObserver<>() {
                private boolean allowed;

                @Override
                public void onNext(CheckResponse response) {
                    allowed = response.getAllowed();
                }

                @Override
                public void onError(Throwable t) {
                    Status status = Status.fromThrowable(t);
                    done.done(false, status.getCode() + ": " + status.getDescription());
                }

                @Override
                public void onCompleted() {
                    done.done(allowed, null);
                }
            });
        }

        @Override
        public String describe() {
            String version = ManagedChannel.class.getPackage().getImplementationVersion();
            return "grpc-java" + (version == null ? "" : " " + version) + " async stub, Netty, " + channels.length + " HTTP/2 connection(s) to " + target
                    + ", bearer operator secret, no consistency (minimizeLatency)";
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

    private GrpcCheckLoad() {
    }
}
