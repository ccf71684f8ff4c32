package io.iamsuite.resource.api;

import io.iamsuite.auth.Requires;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.resource.domain.ResourceCommand;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * Ours: the labels of a resource of any type ({@code SOURCE}, {@code DESTINATION}, {@code WAREHOUSE}, {@code SPACE},
 * {@code TRACKING_PLAN}, {@code FUNCTION}), with Segment's add and replace semantics. With
 * {@code iam.resource.labels-on-all-types=false} only sources and spaces carry labels.
 */
@Path("/workspaces/{workspaceId}/resources/{type}/{resourceId}/labels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class ResourceLabelResource {
    private final ResourceOperations operations;

    public ResourceLabelResource(ResourceOperations operations) {
        this.operations = operations;
    }

    @Requires("workspace.read")
    @GET
    public Uni<DataEnvelope<Map<String, Object>>> listLabelsOfResource(@PathParam("workspaceId") String workspaceId,
                                                                       @PathParam("type") String type,
                                                                       @PathParam("resourceId") String resourceId) {
        return operations.labels(workspaceId, ref(type, resourceId));
    }

    @Requires("workspace.labels.update")
    @POST
    public Uni<Response> addLabelsToResource(@PathParam("workspaceId") String workspaceId,
                                             @PathParam("type") String type,
                                             @PathParam("resourceId") String resourceId,
                                             @Valid @NotNull(message = "is required") ResourceRequests.Labels body,
                                             @Context ContainerRequestContext request) {
        ResourceRef ref = ref(type, resourceId);
        return operations.writeLabels(new ResourceCommand.AssignLabels(workspaceId, ref, body.refs(), false), ref, request);
    }

    @Requires("workspace.labels.update")
    @PUT
    public Uni<Response> replaceLabelsInResource(@PathParam("workspaceId") String workspaceId,
                                                 @PathParam("type") String type,
                                                 @PathParam("resourceId") String resourceId,
                                                 @Valid @NotNull(message = "is required") ResourceRequests.Labels body,
                                                 @Context ContainerRequestContext request) {
        ResourceRef ref = ref(type, resourceId);
        return operations.writeLabels(new ResourceCommand.AssignLabels(workspaceId, ref, body.refs(), true), ref, request);
    }

    private static ResourceRef ref(String type, String resourceId) {
        ResourceType parsed = null;
        for (ResourceType candidate : ResourceType.values()) {
            if (candidate.name().equals(type) && candidate != ResourceType.WORKSPACE) {
                parsed = candidate;
            }
        }
        if (parsed == null) {
            throw ApiException.validation("type", "type must be one of SOURCE, DESTINATION, WAREHOUSE, SPACE,"
                    + " TRACKING_PLAN, FUNCTION, not '" + (type.length() > 40 ? type.substring(0, 40) + "..." : type) + "'");
        }
        return new ResourceRef(parsed, resourceId);
    }
}
