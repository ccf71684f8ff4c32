package io.iamsuite.resource.api;

import io.iamsuite.auth.Requires;
import io.iamsuite.events.Ids;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.resource.domain.ResourceCommand;
import io.iamsuite.resource.store.ResourceRepository;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Map;

/**
 * Segment's tracking plan operations (listTrackingPlans, createTrackingPlan, getTrackingPlan, updateTrackingPlan,
 * deleteTrackingPlan, listSourcesFromTrackingPlan, addSourceToTrackingPlan, removeSourceFromTrackingPlan).
 */
@Path("/workspaces/{workspaceId}/tracking-plans")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class TrackingPlanResource {
    private static final ResourceType TYPE = ResourceType.TRACKING_PLAN;
    private final ResourceOperations operations;

    public TrackingPlanResource(ResourceOperations operations) {
        this.operations = operations;
    }

    /** Segment's optional {@code type} filter is accepted and has no effect: plan types are not kept. */
    @Requires("tracking-plan.read")
    @GET
    public Uni<DataEnvelope<Map<String, Object>>> listTrackingPlans(@PathParam("workspaceId") String workspaceId,
                                                                    @Context UriInfo uri) {
        return operations.list(workspaceId, TYPE, ResourceRepository.Filter.ALL, null, uri, "trackingPlans");
    }

    @Requires("tracking-plan.create")
    @POST
    public Uni<Response> createTrackingPlan(@PathParam("workspaceId") String workspaceId,
                                            @Valid @NotNull(message = "is required") ResourceRequests.CreateTrackingPlan body,
                                            @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, Ids.next("tp"));
        return operations.writeResource(new ResourceCommand.CreateResource(workspaceId, ref, body.name().trim(),
                body.slug(), null), ref, "trackingPlan", 200, request);
    }

    @Requires(value = "tracking-plan.read", resource = "trackingPlanId")
    @GET
    @Path("/{trackingPlanId}")
    public Uni<DataEnvelope<Map<String, Object>>> getTrackingPlan(@PathParam("workspaceId") String workspaceId,
                                                                  @PathParam("trackingPlanId") String trackingPlanId) {
        return operations.get(workspaceId, new ResourceRef(TYPE, trackingPlanId), "trackingPlan");
    }

    @Requires(value = "tracking-plan.update", resource = "trackingPlanId")
    @PATCH
    @Path("/{trackingPlanId}")
    public Uni<Response> updateTrackingPlan(@PathParam("workspaceId") String workspaceId,
                                            @PathParam("trackingPlanId") String trackingPlanId,
                                            @Valid @NotNull(message = "is required") ResourceRequests.UpdateTrackingPlan body,
                                            @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, trackingPlanId);
        return operations.writeResource(new ResourceCommand.UpdateResource(workspaceId, ref,
                body.name() == null ? null : body.name().trim(), body.slug()), ref, "trackingPlan", 200, request);
    }

    @Requires(value = "tracking-plan.delete", resource = "trackingPlanId")
    @DELETE
    @Path("/{trackingPlanId}")
    public Uni<Response> deleteTrackingPlan(@PathParam("workspaceId") String workspaceId,
                                            @PathParam("trackingPlanId") String trackingPlanId,
                                            @Context ContainerRequestContext request) {
        return operations.writeStatus(new ResourceCommand.DeleteResource(workspaceId,
                new ResourceRef(TYPE, trackingPlanId)), 200, "SUCCESS", request);
    }

    @Requires(value = "tracking-plan.read", resource = "trackingPlanId")
    @GET
    @Path("/{trackingPlanId}/sources")
    public Uni<DataEnvelope<Map<String, Object>>> listSourcesFromTrackingPlan(
            @PathParam("workspaceId") String workspaceId, @PathParam("trackingPlanId") String trackingPlanId,
            @Context UriInfo uri) {
        return operations.list(workspaceId, ResourceType.SOURCE, ResourceRepository.Filter.CONNECTED_TO,
                new ResourceRef(TYPE, trackingPlanId), uri, "sources");
    }

    /** Needs source admin on the source and tracking plan admin on the plan (see RequiredPermissions). */
    @Requires(value = "tracking-plan.connect", resource = "trackingPlanId")
    @POST
    @Path("/{trackingPlanId}/sources")
    public Uni<Response> addSourceToTrackingPlan(@PathParam("workspaceId") String workspaceId,
                                                 @PathParam("trackingPlanId") String trackingPlanId,
                                                 @Valid @NotNull(message = "is required") ResourceRequests.SourceId body,
                                                 @Context ContainerRequestContext request) {
        return operations.writeStatus(new ResourceCommand.Connect(workspaceId, body.sourceId(),
                new ResourceRef(TYPE, trackingPlanId)), 200, "SUCCESS", request);
    }

    @Requires(value = "tracking-plan.connect", resource = "trackingPlanId")
    @Requires(value = "source.connect", resource = "sourceId")
    @DELETE
    @Path("/{trackingPlanId}/sources")
    public Uni<Response> removeSourceFromTrackingPlan(@PathParam("workspaceId") String workspaceId,
                                                      @PathParam("trackingPlanId") String trackingPlanId,
                                                      @QueryParam("sourceId") String sourceId,
                                                      @Context ContainerRequestContext request) {
        if (sourceId == null || sourceId.isBlank()) {
            throw ApiException.validation("sourceId", "Name the source to remove: ?sourceId=src_...");
        }
        return operations.writeStatus(new ResourceCommand.Disconnect(workspaceId, sourceId.trim(),
                new ResourceRef(TYPE, trackingPlanId)), 200, "SUCCESS", request);
    }
}
