package io.iamsuite.policy.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.iamsuite.auth.BearerAuthenticator;
import io.iamsuite.auth.Principal;
import io.iamsuite.policy.v1.PolicyServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Set;

/**
 * Authenticates every call of the policy gRPC service as platform/auth authenticates HTTP requests (bearer token in
 * the {@code authorization} metadata, the same directory and operator secret) and requires the permission the
 * call's HTTP twin declares: {@value #REQUIRED} for the live reads, {@value #HISTORY} for the as-of ones
 * (UNAUTHENTICATED or PERMISSION_DENIED before the call is read). The caller travels to the service in the gRPC
 * {@link Context} ({@link #CALLER}).
 */
@ApplicationScoped
public class BearerAuthInterceptor implements ServerInterceptor {
    static final String REQUIRED = "workspace.access.read";
    /** What the as-of rpcs need, as {@code /policy/v1/as-of/*} does: reading history is auditing. */
    static final String HISTORY = "workspace.audit.read";
    private static final Set<String> AS_OF_METHODS = Set.of(
            PolicyServiceGrpc.getCheckAsOfMethod().getFullMethodName(),
            PolicyServiceGrpc.getExplainAsOfMethod().getFullMethodName(),
            PolicyServiceGrpc.getLookupSubjectsAsOfMethod().getFullMethodName());
    static final Context.Key<Principal> CALLER = Context.key("iam.principal");
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final BearerAuthenticator authenticator;

    public BearerAuthInterceptor(BearerAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        BearerAuthenticator.Outcome outcome = authenticator.authenticate(headers.get(AUTHORIZATION), Instant.now());
        if (!outcome.ok()) {
            call.close(Status.UNAUTHENTICATED.withDescription(outcome.refusal()), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        String required = requiredFor(call.getMethodDescriptor().getFullMethodName());
        if (!authenticator.permitsWorkspaceAction(outcome.principal(), required)) {
            call.close(Status.PERMISSION_DENIED.withDescription("This token lacks " + required), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, outcome.principal()), call, headers, next);
    }

    static String requiredFor(String fullMethodName) {
        return AS_OF_METHODS.contains(fullMethodName) ? HISTORY : REQUIRED;
    }
}
