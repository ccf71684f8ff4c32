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

/**
 * Segment's warehouse operations (listWarehouses, createWarehouse, getWarehouse, updateWarehouse, deleteWarehouse,
 * listConnectedSourcesFromWarehouse, addConnectionFromSourceToWarehouse, removeSourceConnectionFromWarehouse).
 */
@Path("/workspaces/{workspaceId}/warehouses")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class WarehouseResource {
    private static final ResourceType TYPE = ResourceType.WAREHOUSE;
    private final ResourceOperations operations;

    public WarehouseResource(ResourceOperations operations) {
        this.operations = operations;
    }

    @Requires("warehouse.read")
    @GET
    public Uni<DataEnvelope<Map<String, Object>>> listWarehouses(@PathParam("workspaceId") String workspaceId,
                                                                 @Context UriInfo uri) {
        return operations.list(workspaceId, TYPE, ResourceRepository.Filter.ALL, null, uri, "warehouses");
    }

    @Requires("warehouse.create")
    @POST
    public Uni<Response> createWarehouse(@PathParam("workspaceId") String workspaceId,
                                         @Valid @NotNull(message = "is required") ResourceRequests.CreateWarehouse body,
                                         @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, Ids.next("wh"));
        String name = body.name() != null ? body.name().trim() : body.metadataId() != null ? body.metadataId() : "warehouse";
        return operations.writeResource(new ResourceCommand.CreateResource(workspaceId, ref, name, body.slug(), null),
                ref, "warehouse", 201, request);
    }

    @Requires(value = "warehouse.read", resource = "warehouseId")
    @GET
    @Path("/{warehouseId}")
    public Uni<DataEnvelope<Map<String, Object>>> getWarehouse(@PathParam("workspaceId") String workspaceId,
                                                               @PathParam("warehouseId") String warehouseId) {
        return operations.get(workspaceId, new ResourceRef(TYPE, warehouseId), "warehouse");
    }

    @Requires(value = "warehouse.update", resource = "warehouseId")
    @PATCH
    @Path("/{warehouseId}")
    public Uni<Response> updateWarehouse(@PathParam("workspaceId") String workspaceId,
                                         @PathParam("warehouseId") String warehouseId,
                                         @Valid @NotNull(message = "is required") ResourceRequests.UpdateConnected body,
                                         @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, warehouseId);
        return operations.writeResource(new ResourceCommand.UpdateResource(workspaceId, ref,
                body.name() == null ? null : body.name().trim(), body.slug()), ref, "warehouse", 200, request);
    }

    @Requires(value = "warehouse.delete", resource = "warehouseId")
    @DELETE
    @Path("/{warehouseId}")
    public Uni<Response> deleteWarehouse(@PathParam("workspaceId") String workspaceId,
                                         @PathParam("warehouseId") String warehouseId,
                                         @Context ContainerRequestContext request) {
        return operations.writeStatus(new ResourceCommand.DeleteResource(workspaceId, new ResourceRef(TYPE, warehouseId)),
                200, "SUCCESS", request);
    }

    @Requires(value = "warehouse.read", resource = "warehouseId")
    @GET
    @Path("/{warehouseId}/connected-sources")
    public Uni<DataEnvelope<Map<String, Object>>> listConnectedSourcesFromWarehouse(
            @PathParam("workspaceId") String workspaceId, @PathParam("warehouseId") String warehouseId,
            @Context UriInfo uri) {
        return operations.list(workspaceId, ResourceType.SOURCE, ResourceRepository.Filter.CONNECTED_TO,
                new ResourceRef(TYPE, warehouseId), uri, "sources");
    }

    /** Needs source admin on the source and warehouse admin on the warehouse (see RequiredPermissions). */
    @Requires(value = "warehouse.connect", resource = "warehouseId")
    @Requires(value = "source.connect", resource = "sourceId")
    @POST
    @Path("/{warehouseId}/connected-sources/{sourceId}")
    public Uni<Response> addConnectionFromSourceToWarehouse(@PathParam("workspaceId") String workspaceId,
                                                            @PathParam("warehouseId") String warehouseId,
                                                            @PathParam("sourceId") String sourceId,
                                                            @Context ContainerRequestContext request) {
        return operations.writeStatus(new ResourceCommand.Connect(workspaceId, sourceId,
                new ResourceRef(TYPE, warehouseId)), 201, "CONNECTED", request);
    }

    @Requires(value = "warehouse.connect", resource = "warehouseId")
    @Requires(value = "source.connect", resource = "sourceId")
    @DELETE
    @Path("/{warehouseId}/connected-sources/{sourceId}")
    public Uni<Response> removeSourceConnectionFromWarehouse(@PathParam("workspaceId") String workspaceId,
                                                             @PathParam("warehouseId") String warehouseId,
                                                             @PathParam("sourceId") String sourceId,
                                                             @Context ContainerRequestContext request) {
        return operations.writeStatus(new ResourceCommand.Disconnect(workspaceId, sourceId,
                new ResourceRef(TYPE, warehouseId)), 200, "SUCCESS", request);
    }
}
