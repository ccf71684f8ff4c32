package io.iamsuite.resource.api;

import io.iamsuite.auth.Requires;
import io.iamsuite.events.Ids;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.resource.domain.ResourceCommand;
import io.iamsuite.resource.store.ResourceRepository;
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
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Map;

/** Segment's destination operations (listDestinations, createDestination, getDestination, updateDestination, deleteDestination). */
@Path("/workspaces/{workspaceId}/destinations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class DestinationResource {
    private static final ResourceType TYPE = ResourceType.DESTINATION;
    private final ResourceOperations operations;

    public DestinationResource(ResourceOperations operations) {
        this.operations = operations;
    }

    @Requires("destination.read")
    @GET
    public Uni<DataEnvelope<Map<String, Object>>> listDestinations(@PathParam("workspaceId") String workspaceId,
                                                                   @Context UriInfo uri) {
        return operations.list(workspaceId, TYPE, ResourceRepository.Filter.ALL, null, uri, "destinations");
    }

    @Requires("destination.create")
    @POST
    public Uni<Response> createDestination(@PathParam("workspaceId") String workspaceId,
                                           @Valid @NotNull(message = "is required") ResourceRequests.CreateDestination body,
                                           @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, Ids.next("dst"));
        String name = body.name() != null ? body.name().trim() : body.metadataId() != null ? body.metadataId() : "destination";
        return operations.writeResource(new ResourceCommand.CreateResource(workspaceId, ref, name, body.slug(),
                body.sourceId()), ref, "destination", 200, request);
    }

    @Requires(value = "destination.read", resource = "destinationId")
    @GET
    @Path("/{destinationId}")
    public Uni<DataEnvelope<Map<String, Object>>> getDestination(@PathParam("workspaceId") String workspaceId,
                                                                 @PathParam("destinationId") String destinationId) {
        return operations.get(workspaceId, new ResourceRef(TYPE, destinationId), "destination");
    }

    @Requires(value = "destination.update", resource = "destinationId")
    @PATCH
    @Path("/{destinationId}")
    public Uni<Response> updateDestination(@PathParam("workspaceId") String workspaceId,
                                           @PathParam("destinationId") String destinationId,
                                           @Valid @NotNull(message = "is required") ResourceRequests.UpdateConnected body,
                                           @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, destinationId);
        return operations.writeResource(new ResourceCommand.UpdateResource(workspaceId, ref,
                body.name() == null ? null : body.name().trim(), body.slug()), ref, "destination", 200, request);
    }

    @Requires(value = "destination.delete", resource = "destinationId")
    @DELETE
    @Path("/{destinationId}")
    public Uni<Response> deleteDestination(@PathParam("workspaceId") String workspaceId,
                                           @PathParam("destinationId") String destinationId,
                                           @Context ContainerRequestContext request) {
        return operations.writeStatus(new ResourceCommand.DeleteResource(workspaceId,
                new ResourceRef(TYPE, destinationId)), 200, "SUCCESS", request);
    }
}
