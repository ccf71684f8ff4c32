package io.iamsuite.policy.grpc;

import io.iamsuite.auth.Principal;
import io.iamsuite.policy.api.PolicyReads;
import io.iamsuite.policy.v1.BatchCheckRequest;
import io.iamsuite.policy.v1.BatchCheckResponse;
import io.iamsuite.policy.v1.CheckAsOfRequest;
import io.iamsuite.policy.v1.CheckRequest;
import io.iamsuite.policy.v1.CheckResponse;
import io.iamsuite.policy.v1.ExplainResponse;
import io.iamsuite.policy.v1.LookupResourcesRequest;
import io.iamsuite.policy.v1.LookupResourcesResponse;
import io.iamsuite.policy.v1.LookupSubjectsAsOfRequest;
import io.iamsuite.policy.v1.LookupSubjectsRequest;
import io.iamsuite.policy.v1.LookupSubjectsResponse;
import io.iamsuite.policy.v1.PolicyService;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Uni;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code iam.policy.v1.PolicyService}: each rpc maps its message to the HTTP API's body, validates it with the
 * body's own constraints and asks {@link PolicyReads} — the code the HTTP resources call — then maps the answer back.
 * The *AsOf rpcs are the {@code /policy/v1/as-of/} reads: the same bodies, the same replayed projections.
 */
@GrpcService
@RegisterInterceptor(BearerAuthInterceptor.class)
public class PolicyGrpcService implements PolicyService {
    private final PolicyReads reads;

    public PolicyGrpcService(PolicyReads reads) {
        this.reads = reads;
    }

    @Override
    public Uni<CheckResponse> check(CheckRequest request) {
        Principal caller = BearerAuthInterceptor.CALLER.get();
        return answer(() -> reads.check(caller, reads.validated(GrpcMessages.check(request))), GrpcMessages::check);
    }

    @Override
    public Uni<BatchCheckResponse> batchCheck(BatchCheckRequest request) {
        Principal caller = BearerAuthInterceptor.CALLER.get();
        return answer(() -> reads.batchCheck(caller, reads.validated(GrpcMessages.batchCheck(request))),
                GrpcMessages::batchCheck);
    }

    @Override
    public Uni<ExplainResponse> explain(CheckRequest request) {
        Principal caller = BearerAuthInterceptor.CALLER.get();
        return answer(() -> reads.explain(caller, reads.validated(GrpcMessages.check(request))), GrpcMessages::explain);
    }

    @Override
    public Uni<LookupResourcesResponse> lookupResources(LookupResourcesRequest request) {
        Principal caller = BearerAuthInterceptor.CALLER.get();
        return answer(() -> reads.lookupResources(caller, reads.validated(GrpcMessages.lookupResources(request))),
                GrpcMessages::lookupResources);
    }

    @Override
    public Uni<LookupSubjectsResponse> lookupSubjects(LookupSubjectsRequest request) {
        Principal caller = BearerAuthInterceptor.CALLER.get();
        return answer(() -> reads.lookupSubjects(caller, reads.validated(GrpcMessages.lookupSubjects(request))),
                GrpcMessages::lookupSubjects);
    }

    @Override
    public Uni<CheckResponse> checkAsOf(CheckAsOfRequest request) {
        Principal caller = BearerAuthInterceptor.CALLER.get();
        return answer(() -> reads.checkAsOf(caller, reads.validated(GrpcMessages.checkAsOf(request))),
                GrpcMessages::check);
    }

    @Override
    public Uni<ExplainResponse> explainAsOf(CheckAsOfRequest request) {
        Principal caller = BearerAuthInterceptor.CALLER.get();
        return answer(() -> reads.explainAsOf(caller, reads.validated(GrpcMessages.checkAsOf(request))),
                GrpcMessages::explain);
    }

    @Override
    public Uni<LookupSubjectsResponse> lookupSubjectsAsOf(LookupSubjectsAsOfRequest request) {
        Principal caller = BearerAuthInterceptor.CALLER.get();
        return answer(() -> reads.lookupSubjectsAsOf(caller, reads.validated(GrpcMessages.lookupSubjectsAsOf(request))),
                GrpcMessages::lookupSubjects);
    }

    /** Bad input throws before the read's Uni exists; both that and the Uni's failures become a gRPC status. */
    private static <A, R> Uni<R> answer(Supplier<Uni<? extends A>> read, Function<A, R> toMessage) {
        return Uni.createFrom().<A>deferred(read).map(toMessage).onFailure().transform(GrpcErrors::toStatus);
    }
}
