package io.iamsuite.bench.peers.cerbos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.iamsuite.bench.peers.cerbos.api.CerbosServiceGrpc;
import io.iamsuite.bench.peers.cerbos.api.CheckResourcesResponse;
import io.iamsuite.bench.peers.cerbos.api.Effect;
import io.iamsuite.bench.peers.cerbos.api.PlanResourcesResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cerbos over gRPC: {@code cerbos.svc.v1.CerbosService/CheckResources} and {@code PlanResources} with grpc-java's
 * blocking stub generated from {@code src/main/proto/cerbos_check.proto} (the wire subset of Cerbos's API), one
 * plaintext HTTP/2 connection.
 */
public final class CerbosGrpcEngine extends CerbosEngine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private ManagedChannel channel;
    private CerbosServiceGrpc.CerbosServiceBlockingStub stub;

    @Override
    public String name() {
        return "cerbos-grpc";
    }

    @Override
    protected void connect(String httpAddress, String grpcAddress) {
        int colon = grpcAddress.lastIndexOf(':');
        channel = NettyChannelBuilder.forAddress(grpcAddress.substring(0, colon),
                Integer.parseInt(grpcAddress.substring(colon + 1))).usePlaintext().build();
        stub = CerbosServiceGrpc.newBlockingStub(channel);
    }

    @Override
    protected boolean[] check(CallerData.Principal principal, List<CerbosRequests.Entry> entries) {
        CheckResourcesResponse response = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .checkResources(CerbosRequests.checkProto(principal, entries));
        if (response.getResultsCount() != entries.size()) {
            throw new IllegalStateException(entries.size() + " resources asked, " + response.getResultsCount() + " answered");
        }
        boolean[] out = new boolean[entries.size()];
        for (int i = 0; i < out.length; i++) {
            CheckResourcesResponse.ResultEntry result = response.getResults(i);
            expectSameResource(entries.get(i), result.getResource().getId(), i);
            out[i] = result.getActionsOrDefault(entries.get(i).action(), Effect.EFFECT_UNSPECIFIED) == Effect.EFFECT_ALLOW;
        }
        return out;
    }

    @Override
    protected JsonNode plan(CallerData.Principal principal, String kind, String action, String workspaceId) {
        PlanResourcesResponse response = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .planResources(CerbosRequests.planProto(principal, kind, action, workspaceId));
        try {
            return JSON.readTree(PRINTER.print(response.getFilter()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void disconnect() {
        if (channel != null) {
            channel.shutdown();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
