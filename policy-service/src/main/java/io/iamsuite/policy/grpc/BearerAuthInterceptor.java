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
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Authenticates every call of the policy gRPC service as platform/auth authenticates HTTP requests (bearer token in
 * the {@code authorization} metadata, the same directory and operator secret) and requires
 * {@value #REQUIRED}, which every policy read needs: UNAUTHENTICATED or PERMISSION_DENIED before the call is read.
 * The caller travels to the service in the gRPC {@link Context} ({@link #CALLER}).
 */
@ApplicationScoped
public class BearerAuthInterceptor implements ServerInterceptor {
    static final String REQUIRED = "workspace.access.read";
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
        if (!authenticator.permitsWorkspaceAction(outcome.principal(), REQUIRED)) {
            call.close(Status.PERMISSION_DENIED.withDescription("This token lacks " + REQUIRED), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, outcome.principal()), call, headers, next);
    }
}
