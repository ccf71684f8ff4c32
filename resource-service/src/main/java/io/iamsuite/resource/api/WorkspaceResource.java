package io.iamsuite.resource.api;

import io.iamsuite.auth.Principals;
import io.iamsuite.auth.Requires;
import io.iamsuite.auth.OperatorOnly;
import io.iamsuite.events.Ids;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.resource.domain.CreateWorkspace;
import io.iamsuite.resource.domain.ResourceCommand;
import io.iamsuite.resource.store.WorkspaceCommandHandler;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.iamsuite.rest.RequestIds;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

import java.util.Map;

/** Workspaces: create (ours), get, rename (ours). */
@Path("/workspaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class WorkspaceResource {
    private final WorkspaceCommandHandler handler;
    private final ResourceOperations operations;

    public WorkspaceResource(WorkspaceCommandHandler handler, ResourceOperations operations) {
        this.handler = handler;
        this.operations = operations;
    }

    @OperatorOnly
    @POST
    public Uni<Response> create(@Valid @NotNull(message = "is required") CreateWorkspaceRequest body,
                                @Context ContainerRequestContext request) {
        var command = new CreateWorkspace(Ids.next("ws"), body.name().trim(), body.slug());
        var metadata = new CommandMetadata(Principals.actor(request), RequestIds.of(request));
        return handler.create(command, metadata)
                .map(created -> {
                    String token = created.append().consistencyToken().encode();
                    return Response.status(201)
                            .header(ApiHeaders.CONSISTENCY_TOKEN, token)
                            .entity(DataEnvelope.of(Map.of("workspace", WorkspaceView.of(created.workspace()),
                                    "consistencyToken", token)))
                            .build();
                });
    }

    /** Ours: rename a workspace (Segment's API cannot). */
    @Requires("workspace.update")
    @PATCH
    @Path("/{workspaceId}")
    public Uni<Response> rename(@PathParam("workspaceId") String workspaceId,
                                @Valid @NotNull(message = "is required") ResourceRequests.RenameWorkspace body,
                                @Context ContainerRequestContext request) {
        return operations.run(new ResourceCommand.RenameWorkspace(workspaceId, body.name().trim()), request)
                .chain(result -> handler.find(workspaceId).map(record -> ResourceOperations.written(200,
                        ResourceOperations.map("workspace", WorkspaceView.of(record)), result)));
    }

    @Requires("workspace.read")
    @GET
    @Path("/{workspaceId}")
    public Uni<DataEnvelope<Map<String, WorkspaceView>>> get(@PathParam("workspaceId") String workspaceId) {
        return handler.find(workspaceId).map(record -> {
            if (record == null) {
                throw ApiException.notFound("workspaceId", "Workspace " + workspaceId + " does not exist");
            }
            return DataEnvelope.of(Map.of("workspace", WorkspaceView.of(record)));
        });
    }

}
