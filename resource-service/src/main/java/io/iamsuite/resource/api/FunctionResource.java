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

/** Segment's function operations (listFunctions, createFunction, getFunction, updateFunction, deleteFunction). */
@Path("/workspaces/{workspaceId}/functions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class FunctionResource {
    private static final ResourceType TYPE = ResourceType.FUNCTION;
    private final ResourceOperations operations;

    public FunctionResource(ResourceOperations operations) {
        this.operations = operations;
    }

    /** Segment's {@code resourceType} filter is accepted and has no effect: a function's kind is not kept. */
    @Requires("function.read")
    @GET
    public Uni<DataEnvelope<Map<String, Object>>> listFunctions(@PathParam("workspaceId") String workspaceId,
                                                                @Context UriInfo uri) {
        return operations.list(workspaceId, TYPE, ResourceRepository.Filter.ALL, null, uri, "functions");
    }

    @Requires("function.create")
    @POST
    public Uni<Response> createFunction(@PathParam("workspaceId") String workspaceId,
                                        @Valid @NotNull(message = "is required") ResourceRequests.CreateFunction body,
                                        @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, Ids.next("fn"));
        return operations.writeResource(new ResourceCommand.CreateResource(workspaceId, ref, body.displayName().trim(),
                body.slug(), null), ref, "function", 200, request);
    }

    @Requires(value = "function.read", resource = "functionId")
    @GET
    @Path("/{functionId}")
    public Uni<DataEnvelope<Map<String, Object>>> getFunction(@PathParam("workspaceId") String workspaceId,
                                                              @PathParam("functionId") String functionId) {
        return operations.get(workspaceId, new ResourceRef(TYPE, functionId), "function");
    }

    @Requires(value = "function.update", resource = "functionId")
    @PATCH
    @Path("/{functionId}")
    public Uni<Response> updateFunction(@PathParam("workspaceId") String workspaceId,
                                        @PathParam("functionId") String functionId,
                                        @Valid @NotNull(message = "is required") ResourceRequests.UpdateFunction body,
                                        @Context ContainerRequestContext request) {
        ResourceRef ref = new ResourceRef(TYPE, functionId);
        return operations.writeResource(new ResourceCommand.UpdateResource(workspaceId, ref,
                body.displayName() == null ? null : body.displayName().trim(), body.slug()), ref, "function", 200, request);
    }

    @Requires(value = "function.delete", resource = "functionId")
    @DELETE
    @Path("/{functionId}")
    public Uni<Response> deleteFunction(@PathParam("workspaceId") String workspaceId,
                                        @PathParam("functionId") String functionId,
                                        @Context ContainerRequestContext request) {
        return operations.writeStatus(new ResourceCommand.DeleteResource(workspaceId, new ResourceRef(TYPE, functionId)),
                200, "SUCCESS", request);
    }
}
