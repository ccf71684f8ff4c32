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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Map;

/**
 * Segment's source operations (listSources, createSource, getSource, updateSource, deleteSource,
 * addLabelsToSource, replaceLabelsInSource, listConnectedDestinationsFromSource,
 * listConnectedWarehousesFromSource), scoped by the workspace in the path until tokens name it.
 */
@Path("/workspaces/{workspaceId}/sources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class SourceResource {
    private static final ResourceType TYPE = ResourceType.SOURCE;
    private final ResourceOperations operations;

    public SourceResource(ResourceOperations operations) {
        this.operations = operations;
    }

    @Requires("source.read")
    @GET
    public Uni<DataEnvelope<Map<String, Object>>> listSources(@PathParam("workspaceId") String workspaceId,
                                                              @Context UriInfo uri) {
        return operations.list(workspaceId, TYPE, ResourceRepository.Filter.ALL, null, uri, "sources");
    }

    @Requires("source.create")
    @POST
    public Uni<Response> createSource(@PathParam("workspaceId") String workspaceId,
                                      @Valid @NotNull(message = "is required") ResourceRequests.CreateSource body,
                                      @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, Ids.next("src"));
        String name = body.name() == null ? body.slug() : body.name().trim();
        return operations.writeResource(new ResourceCommand.CreateResource(workspaceId, ref, name, body.slug(), null),
                ref, "source", 201, request);
    }

    @Requires(value = "source.read", resource = "sourceId")
    @GET
    @Path("/{sourceId}")
    public Uni<DataEnvelope<Map<String, Object>>> getSource(@PathParam("workspaceId") String workspaceId,
                                                            @PathParam("sourceId") String sourceId) {
        return operations.get(workspaceId, new ResourceRef(TYPE, sourceId), "source");
    }

    @Requires(value = "source.update", resource = "sourceId")
    @PATCH
    @Path("/{sourceId}")
    public Uni<Response> updateSource(@PathParam("workspaceId") String workspaceId,
                                      @PathParam("sourceId") String sourceId,
                                      @Valid @NotNull(message = "is required") ResourceRequests.UpdateSource body,
                                      @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, sourceId);
        return operations.writeResource(new ResourceCommand.UpdateResource(workspaceId, ref,
                body.name() == null ? null : body.name().trim(), body.slug()), ref, "source", 200, request);
    }

    @Requires(value = "source.delete", resource = "sourceId")
    @DELETE
    @Path("/{sourceId}")
    public Uni<Response> deleteSource(@PathParam("workspaceId") String workspaceId,
                                      @PathParam("sourceId") String sourceId,
                                      @Context ContainerRequestContext request) {
        return operations.writeStatus(new ResourceCommand.DeleteResource(workspaceId, new ResourceRef(TYPE, sourceId)),
                200, "SUCCESS", request);
    }

    @Requires(value = "source.labels.update", resource = "sourceId")
    @POST
    @Path("/{sourceId}/labels")
    public Uni<Response> addLabelsToSource(@PathParam("workspaceId") String workspaceId,
                                           @PathParam("sourceId") String sourceId,
                                           @Valid @NotNull(message = "is required") ResourceRequests.Labels body,
                                           @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, sourceId);
        return operations.writeLabels(new ResourceCommand.AssignLabels(workspaceId, ref, body.refs(), false), ref, request);
    }

    @Requires(value = "source.labels.update", resource = "sourceId")
    @PUT
    @Path("/{sourceId}/labels")
    public Uni<Response> replaceLabelsInSource(@PathParam("workspaceId") String workspaceId,
                                               @PathParam("sourceId") String sourceId,
                                               @Valid @NotNull(message = "is required") ResourceRequests.Labels body,
                                               @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, sourceId);
        return operations.writeLabels(new ResourceCommand.AssignLabels(workspaceId, ref, body.refs(), true), ref, request);
    }

    @Requires(value = "source.read", resource = "sourceId")
    @GET
    @Path("/{sourceId}/connected-destinations")
    public Uni<DataEnvelope<Map<String, Object>>> listConnectedDestinationsFromSource(
            @PathParam("workspaceId") String workspaceId, @PathParam("sourceId") String sourceId, @Context UriInfo uri) {
        return operations.list(workspaceId, ResourceType.DESTINATION, ResourceRepository.Filter.DESTINATIONS_OF,
                new ResourceRef(TYPE, sourceId), uri, "destinations");
    }

    @Requires(value = "source.read", resource = "sourceId")
    @GET
    @Path("/{sourceId}/connected-warehouses")
    public Uni<DataEnvelope<Map<String, Object>>> listConnectedWarehousesFromSource(
            @PathParam("workspaceId") String workspaceId, @PathParam("sourceId") String sourceId, @Context UriInfo uri) {
        return operations.list(workspaceId, ResourceType.WAREHOUSE, ResourceRepository.Filter.TARGETS_OF,
                new ResourceRef(TYPE, sourceId), uri, "warehouses");
    }
}
