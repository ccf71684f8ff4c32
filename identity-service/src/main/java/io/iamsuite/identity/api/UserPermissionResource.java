package io.iamsuite.identity.api;

import io.iamsuite.auth.Requires;
import io.iamsuite.events.Subject;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
 * Segment's addPermissionsToUser (POST) and replacePermissionsForUser (PUT); GET lists them (ours: Segment shows
 * them only inside the user). Granting Workspace Owner promotes; a replacement without it demotes an owner.
 */
@Path("/workspaces/{workspaceId}/users/{userId}/permissions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class UserPermissionResource {
    private final PermissionEndpoints endpoints;

    public UserPermissionResource(PermissionEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Requires("workspace.access.update")
    @POST
    public Uni<Response> addPermissionsToUser(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @PathParam("userId") String userId, PermissionsBody body,
            @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String consistencyToken,
            @Context ContainerRequestContext request) {
        return endpoints.change(workspaceId, Subject.user(userId), body, false, consistencyToken, request);
    }

    @Requires("workspace.access.update")
    @PUT
    public Uni<Response> replacePermissionsForUser(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @PathParam("userId") String userId, PermissionsBody body,
            @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String consistencyToken,
            @Context ContainerRequestContext request) {
        return endpoints.change(workspaceId, Subject.user(userId), body, true, consistencyToken, request);
    }

    @Requires("workspace.access.read")
    @GET
    public Uni<DataEnvelope<Map<String, Object>>> listPermissionsOfUser(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @PathParam("userId") String userId) {
        return endpoints.list(workspaceId, Subject.user(userId));
    }
}
