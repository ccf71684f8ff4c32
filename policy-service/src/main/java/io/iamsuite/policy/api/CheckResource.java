package io.iamsuite.policy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iamsuite.auth.Principals;
import io.iamsuite.auth.Requires;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.Explanation;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Permission checks and their explanations over HTTP, answered from the in-memory projection. */
@Path("/policy/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class CheckResource {
    private final PolicyReads reads;

    public CheckResource(PolicyReads reads) {
        this.reads = reads;
    }

    public record CheckResult(boolean allowed) {
    }

    public record BatchResult(List<CheckResult> results) {
    }

    @Requires("workspace.access.read")
    @POST
    @Path("/check")
    public Uni<DataEnvelope<CheckResult>> check(@Valid @NotNull(message = "is required") CheckBody body,
                                                @Context ContainerRequestContext context) {
        return reads.check(Principals.of(context), body).map(DataEnvelope::of);
    }

    /** Many checks of one workspace in one call (at most {@value BatchCheckBody#MAX_CHECKS}), answered in order. */
    @Requires("workspace.access.read")
    @POST
    @Path("/batch-check")
    public Uni<DataEnvelope<BatchResult>> batchCheck(@Valid @NotNull(message = "is required") BatchCheckBody body,
                                                     @Context ContainerRequestContext context) {
        return reads.batchCheck(Principals.of(context), body).map(DataEnvelope::of);
    }

    /** The same question as check, answered with why: the grant, group and label path, or the closest misses. */
    @Requires("workspace.access.read")
    @POST
    @Path("/explain")
    public Uni<DataEnvelope<ExplainResult>> explain(@Valid @NotNull(message = "is required") CheckBody body,
                                                    @Context ContainerRequestContext context) {
        return reads.explain(Principals.of(context), body).map(DataEnvelope::of);
    }

    /** The answer of explain. */
    public record ExplainResult(boolean allowed, String reason, List<PathView> paths, List<MissView> misses) {
        static ExplainResult of(Explanation explanation, RoleCatalogue catalogue) {
            return new ExplainResult(explanation.verdict().allowed(), explanation.reason(),
                    explanation.paths().stream().map(p -> new PathView(SubjectView.of(p.holder()),
                            GrantView.of(p.grant(), catalogue), p.scope().name(), p.inheritedVia(), p.text())).toList(),
                    explanation.misses().stream().map(m -> new MissView(SubjectView.of(m.holder()),
                            GrantView.of(m.grant(), catalogue), m.why(), m.missingLabels(), m.text())).toList());
        }
    }

    /** A grant that allows: whose it is (the user, one of its groups, the token), how it reaches. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PathView(SubjectView holder, GrantView grant, String scope, String inheritedVia, String text) {
    }

    /** A grant that comes close, and why it does not allow. */
    public record MissView(SubjectView holder, GrantView grant, String why, List<LabelRef> missingLabels, String text) {
    }

    public record SubjectView(Subject.Type type, String id) {
        static SubjectView of(Subject subject) {
            return new SubjectView(subject.type(), subject.id());
        }
    }

    /** A grant as Segment writes a permission: role id and name, the resource, its labels. */
    public record GrantView(String roleId, String roleName, ResourceRef resource, List<LabelRef> labels) {
        static GrantView of(Grant grant, RoleCatalogue catalogue) {
            return new GrantView(grant.roleId(), catalogue.role(grant.roleId()).map(Role::name).orElse(null),
                    grant.resource(), grant.labels());
        }
    }
}
