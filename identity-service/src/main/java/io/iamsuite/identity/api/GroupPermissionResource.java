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
 * Segment's addPermissionsToUserGroup (POST) and replacePermissionsForUserGroup (PUT); GET lists them (ours:
 * Segment shows them only inside the group). Every member of the group holds the group's grants.
 */
@Path("/workspaces/{workspaceId}/groups/{groupId}/permissions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class GroupPermissionResource {
    private final PermissionEndpoints endpoints;

    public GroupPermissionResource(PermissionEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Requires("workspace.access.update")
    @POST
    public Uni<Response> addPermissionsToUserGroup(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @PathParam("groupId") String groupId, PermissionsBody body,
            @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String consistencyToken,
            @Context ContainerRequestContext request) {
        return endpoints.change(workspaceId, Subject.group(groupId), body, false, consistencyToken, request);
    }

    @Requires("workspace.access.update")
    @PUT
    public Uni<Response> replacePermissionsForUserGroup(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @PathParam("groupId") String groupId, PermissionsBody body,
            @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String consistencyToken,
            @Context ContainerRequestContext request) {
        return endpoints.change(workspaceId, Subject.group(groupId), body, true, consistencyToken, request);
    }

    @Requires("workspace.access.read")
    @GET
    public Uni<DataEnvelope<Map<String, Object>>> listPermissionsOfUserGroup(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @PathParam("groupId") String groupId) {
        return endpoints.list(workspaceId, Subject.group(groupId));
    }
}
