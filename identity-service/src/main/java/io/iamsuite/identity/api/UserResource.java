package io.iamsuite.identity.api;

import io.iamsuite.auth.Principals;
import io.iamsuite.auth.Requires;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.identity.domain.RemoveMembers;
import io.iamsuite.identity.store.MemberCommandHandler;
import io.iamsuite.identity.store.MemberRepository;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.iamsuite.rest.Pagination;
import io.iamsuite.rest.RequestIds;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Segment's users operations (listUsers, getUser, deleteUsers), scoped by the workspace in the path until
 * token-service's tokens name it (then the same operations answer on Segment's own paths).
 */
@Path("/workspaces/{workspaceId}/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
    private static final int MAX_DELETE = 100;

    private final EventStore eventStore;
    private final MemberRepository members;
    private final MemberCommandHandler handler;
    private final io.iamsuite.identity.store.GroupRepository groups;
    private final Views views;

    public UserResource(EventStore eventStore, MemberRepository members, MemberCommandHandler handler,
                        io.iamsuite.identity.store.GroupRepository groups, Views views) {
        this.eventStore = eventStore;
        this.members = members;
        this.handler = handler;
        this.groups = groups;
        this.views = views;
    }

    @Requires("workspace.access.read")
    @GET
    public Uni<DataEnvelope<UserList>> listUsers(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @Context UriInfo uri) {
        Pagination pagination = Pagination.from(uri.getQueryParameters(), "users@" + workspaceId);
        return eventStore.inTransaction(session -> members.requireWorkspace(session, workspaceId)
                .chain(() -> members.page(session, workspaceId, pagination.offset(), pagination.count()))
                .chain(page -> views.users(session, workspaceId, page.members())
                        .map(users -> DataEnvelope.of(new UserList(users, pagination.output((int) page.total()))))));
    }

    @Requires("workspace.access.read")
    @GET
    @Path("/{userId}")
    public Uni<DataEnvelope<Map<String, UserView>>> getUser(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @PathParam("userId") String userId) {
        return eventStore.inTransaction(session -> members.find(session, workspaceId, userId)
                .chain(record -> {
                    if (record == null) {
                        throw ApiException.notFound("userId", "User " + userId + " is not a member of this workspace");
                    }
                    return views.user(session, workspaceId, record);
                }))
                .map(user -> DataEnvelope.of(Map.of("user", user)));
    }

    /** Segment's listUserGroupsFromUser. */
    @Requires("workspace.access.read")
    @GET
    @Path("/{userId}/groups")
    public Uni<DataEnvelope<GroupsOfUser>> listUserGroupsFromUser(@PathParam("workspaceId") String workspaceId,
                                                              @PathParam("userId") String userId,
                                                              @Context UriInfo uri) {
        Pagination pagination = Pagination.from(uri.getQueryParameters(), "user-groups@" + userId);
        return eventStore.inTransaction(session -> members.find(session, workspaceId, userId)
                        .chain(member -> {
                            if (member == null) {
                                throw ApiException.notFound("userId", "User " + userId + " is not a member of this workspace");
                            }
                            return groups.page(session, workspaceId, userId, pagination.offset(), pagination.count());
                        })
                        .chain(page -> views.groups(session, workspaceId, page.groups())
                                .map(list -> DataEnvelope.of(new GroupsOfUser(list, pagination.output((int) page.total()))))));
    }

    /** Segment's deleteUsers: removes the users from the workspace, all or none. */
    @Requires("workspace.access.update")
    @DELETE
    public Uni<Response> deleteUsers(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @QueryParam("userIds") List<String> userIds,
            @Context ContainerRequestContext request) {
        List<String> ids = userIds == null ? List.of() : userIds.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim).filter(id -> !id.isEmpty()).distinct().toList();
        if (ids.isEmpty()) {
            throw ApiException.validation("userIds", "Name the users to remove: ?userIds=a,b");
        }
        if (ids.size() > MAX_DELETE) {
            throw ApiException.validation("userIds", "At most " + MAX_DELETE + " users per call");
        }
        var metadata = new CommandMetadata(Principals.actor(request), RequestIds.of(request));
        return handler.removeMembers(new RemoveMembers(workspaceId, ids), metadata)
                .map(outcome -> {
                    String token = outcome.append().consistencyToken().encode();
                    return Response.ok(DataEnvelope.of(Map.of("status", "SUCCESS", "consistencyToken", token)))
                            .header(ApiHeaders.CONSISTENCY_TOKEN, token).build();
                });
    }
}
