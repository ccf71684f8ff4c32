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

/** Segment's listSpaces and getSpace; creating, renaming and deleting a space are ours (Segment's API has none). */
@Path("/workspaces/{workspaceId}/spaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class SpaceResource {
    private static final ResourceType TYPE = ResourceType.SPACE;
    private final ResourceOperations operations;

    public SpaceResource(ResourceOperations operations) {
        this.operations = operations;
    }

    @Requires("space.read")
    @GET
    public Uni<DataEnvelope<Map<String, Object>>> listSpaces(@PathParam("workspaceId") String workspaceId,
                                                             @Context UriInfo uri) {
        return operations.list(workspaceId, TYPE, ResourceRepository.Filter.ALL, null, uri, "spaces");
    }

    @Requires("space.create")
    @POST
    public Uni<Response> createSpace(@PathParam("workspaceId") String workspaceId,
                                     @Valid @NotNull(message = "is required") ResourceRequests.CreateSpace body,
                                     @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, Ids.next("spc"));
        return operations.writeResource(new ResourceCommand.CreateResource(workspaceId, ref, body.name().trim(),
                body.slug(), null), ref, "space", 201, request);
    }

    @Requires(value = "space.read", resource = "spaceId")
    @GET
    @Path("/{spaceId}")
    public Uni<DataEnvelope<Map<String, Object>>> getSpace(@PathParam("workspaceId") String workspaceId,
                                                           @PathParam("spaceId") String spaceId) {
        return operations.get(workspaceId, new ResourceRef(TYPE, spaceId), "space");
    }

    @Requires(value = "space.update", resource = "spaceId")
    @PATCH
    @Path("/{spaceId}")
    public Uni<Response> updateSpace(@PathParam("workspaceId") String workspaceId,
                                     @PathParam("spaceId") String spaceId,
                                     @Valid @NotNull(message = "is required") ResourceRequests.UpdateSpace body,
                                     @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, spaceId);
        return operations.writeResource(new ResourceCommand.UpdateResource(workspaceId, ref,
                body.name() == null ? null : body.name().trim(), body.slug()), ref, "space", 200, request);
    }

    @Requires(value = "space.delete", resource = "spaceId")
    @DELETE
    @Path("/{spaceId}")
    public Uni<Response> deleteSpace(@PathParam("workspaceId") String workspaceId,
                                     @PathParam("spaceId") String spaceId,
                                     @Context ContainerRequestContext request) {
        return operations.writeStatus(new ResourceCommand.DeleteResource(workspaceId, new ResourceRef(TYPE, spaceId)),
                200, "SUCCESS", request);
    }
}
