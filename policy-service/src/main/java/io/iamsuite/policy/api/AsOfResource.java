package io.iamsuite.policy.api;

import io.iamsuite.auth.OperatorOnly;
import io.iamsuite.auth.Principals;
import io.iamsuite.auth.Requires;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.policy.timetravel.AccessTriples;
import io.iamsuite.policy.timetravel.EveryWorkspaceReplays;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.util.List;
import java.util.Map;

/**
 * Time travel: check, explain and lookupSubjects as they would have answered at a past point of the workspace's log
 * ({@code asOf}: a time or positions per source), from a projection replayed from the event topics. Reading history
 * is the audit permission's (owners). Replaying every workspace to a time is the operator's, in the background.
 */
@Path("/policy/v1/as-of")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class AsOfResource {
    private final PolicyReads reads;

    public AsOfResource(PolicyReads reads) {
        this.reads = reads;
    }

    /** What the workspace held at the point, and how much of the log the replay read. */
    public record SummaryResult(String workspaceId, String asOf, long members, long owners, long groups, long grants,
                                long resources, long tokens, long eventsApplied, long recordsRead,
                                Map<String, Long> positions) {
    }

    /** One (subject, resource, action) that was added or removed between the two points. */
    public record AccessView(CheckResource.SubjectView subject, ResourceRef resource, String permission) {
        static AccessView of(AccessTriples.Triple triple) {
            return new AccessView(CheckResource.SubjectView.of(triple.subject()), triple.resource(), triple.action());
        }
    }

    /** Who gained ({@code added}) and who lost ({@code removed}) access between {@code from} and {@code to}. */
    public record DiffResult(String from, String to, List<AccessView> added, List<AccessView> removed) {
    }

    @Requires("workspace.audit.read")
    @POST
    @Path("/check")
    public Uni<DataEnvelope<CheckResource.CheckResult>> check(
            @Valid @NotNull(message = "is required") AsOfCheckBody body, @Context ContainerRequestContext context) {
        return reads.checkAsOf(Principals.of(context), body).map(DataEnvelope::of);
    }

    @Requires("workspace.audit.read")
    @POST
    @Path("/explain")
    public Uni<DataEnvelope<CheckResource.ExplainResult>> explain(
            @Valid @NotNull(message = "is required") AsOfCheckBody body, @Context ContainerRequestContext context) {
        return reads.explainAsOf(Principals.of(context), body).map(DataEnvelope::of);
    }

    @Requires("workspace.audit.read")
    @POST
    @Path("/lookup-subjects")
    public Uni<DataEnvelope<LookupResource.SubjectsResult>> lookupSubjects(
            @Valid @NotNull(message = "is required") AsOfLookupSubjectsBody body,
            @Context ContainerRequestContext context) {
        return reads.lookupSubjectsAsOf(Principals.of(context), body).map(DataEnvelope::of);
    }

    /** Who could do what at from versus to: the (subject, resource, permission) triples added and removed. */
    @Requires("workspace.audit.read")
    @POST
    @Path("/diff")
    public Uni<DataEnvelope<DiffResult>> diff(
            @Valid @NotNull(message = "is required") AsOfDiffBody body, @Context ContainerRequestContext context) {
        return reads.diffAsOf(Principals.of(context), body).map(DataEnvelope::of);
    }

    @Requires("workspace.audit.read")
    @POST
    @Path("/summary")
    public Uni<DataEnvelope<SummaryResult>> summary(
            @Valid @NotNull(message = "is required") AsOfSummaryBody body, @Context ContainerRequestContext context) {
        return reads.summaryAsOf(Principals.of(context), body).map(DataEnvelope::of);
    }

    /**
     * Replays every workspace to a time in the background: 202 with the replay's status and its Location (200 when
     * the same settled time was replayed already); follow it with GET until DONE.
     */
    @OperatorOnly
    @POST
    @Path("/replays")
    public Response replay(@Valid @NotNull(message = "is required") AsOfReplayBody body) {
        EveryWorkspaceReplays.Status status = reads.replayEveryWorkspace(body);
        return Response.status(status.state() == EveryWorkspaceReplays.State.RUNNING ? 202 : 200)
                .location(UriBuilder.fromPath("/policy/v1/as-of/replays/{replayId}").build(status.id()))
                .entity(DataEnvelope.of(status)).build();
    }

    /** A replay of every workspace: records read of the total, events applied, rate; per-workspace counts when DONE. */
    @OperatorOnly
    @GET
    @Path("/replays/{replayId}")
    public DataEnvelope<EveryWorkspaceReplays.Status> replayStatus(@PathParam("replayId") String replayId) {
        return DataEnvelope.of(reads.everyWorkspaceReplay(replayId));
    }
}
