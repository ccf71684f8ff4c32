package io.iamsuite.identity.api;

import io.iamsuite.auth.Principals;
import io.iamsuite.auth.Requires;
import io.iamsuite.events.Ids;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.identity.domain.GroupCommand;
import io.iamsuite.identity.store.GroupRepository;
import io.iamsuite.identity.store.InviteRepository;
import io.iamsuite.identity.store.MemberRepository;
import io.iamsuite.identity.store.MemberCommandHandler;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.iamsuite.rest.Pagination;
import io.iamsuite.rest.RequestIds;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
 * Segment's user group operations (listUserGroups, createUserGroup, getUserGroup, updateUserGroup,
 * deleteUserGroup, listUsersFromUserGroup, addUsersToUserGroup, replaceUsersInUserGroup,
 * removeUsersFromUserGroup), scoped by the workspace in the path until tokens name it.
 */
@Path("/workspaces/{workspaceId}/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class GroupResource {
    private final EventStore eventStore;
    private final GroupRepository groups;
    private final MemberRepository members;
    private final MemberCommandHandler handler;
    private final Views views;
    private final InviteRepository invites;

    public GroupResource(EventStore eventStore, GroupRepository groups, MemberRepository members,
                         MemberCommandHandler handler, Views views, InviteRepository invites) {
        this.invites = invites;
        this.eventStore = eventStore;
        this.groups = groups;
        this.members = members;
        this.handler = handler;
        this.views = views;
    }

    @Requires("workspace.access.read")
    @GET
    public Uni<DataEnvelope<GroupList>> listUserGroups(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @Context UriInfo uri) {
        Pagination pagination = Pagination.from(uri.getQueryParameters(), "groups@" + workspaceId);
        return eventStore.inTransaction(session -> members.requireWorkspace(session, workspaceId)
                        .chain(() -> groups.page(session, workspaceId, null, pagination.offset(), pagination.count()))
                        .chain(page -> views.groups(session, workspaceId, page.groups())
                                .map(list -> DataEnvelope.of(new GroupList(list, pagination.output((int) page.total()))))));
    }

    @Requires("workspace.access.update")
    @POST
    public Uni<Response> createUserGroup(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @Valid @NotNull(message = "is required") GroupRequests.Name body,
            @Context ContainerRequestContext request) {
        String groupId = Ids.next("grp");
        return respond(handler.group(new GroupCommand.Create(workspaceId, groupId, body.name().trim()), groupId,
                metadata(request)));
    }

    @Requires("workspace.access.read")
    @GET
    @Path("/{groupId}")
    public Uni<DataEnvelope<Map<String, GroupView>>> getUserGroup(@PathParam("workspaceId") String workspaceId,
                                                                 @PathParam("groupId") String groupId) {
        return eventStore.inTransaction(session -> groups.summary(session, workspaceId, groupId)
                        .chain(summary -> views.group(session, workspaceId, require(summary, groupId))))
                .map(view -> DataEnvelope.of(Map.of("userGroup", view)));
    }

    @Requires("workspace.access.update")
    @PATCH
    @Path("/{groupId}")
    public Uni<Response> updateUserGroup(@PathParam("workspaceId") String workspaceId,
                                         @PathParam("groupId") String groupId,
                                         @Valid @NotNull(message = "is required") GroupRequests.Name body,
                                         @Context ContainerRequestContext request) {
        return respond(handler.group(new GroupCommand.Rename(workspaceId, groupId, body.name().trim()), groupId,
                metadata(request)));
    }

    @Requires("workspace.access.update")
    @DELETE
    @Path("/{groupId}")
    public Uni<Response> deleteUserGroup(@PathParam("workspaceId") String workspaceId,
                                         @PathParam("groupId") String groupId,
                                         @Context ContainerRequestContext request) {
        return handler.group(new GroupCommand.Delete(workspaceId, groupId), groupId, metadata(request))
                .map(outcome -> written(Map.of("status", "SUCCESS"), outcome));
    }

    @Requires("workspace.access.read")
    @GET
    @Path("/{groupId}/users")
    public Uni<DataEnvelope<UserList>> listUsersFromUserGroup(@PathParam("workspaceId") String workspaceId,
                                                              @PathParam("groupId") String groupId,
                                                              @Context UriInfo uri) {
        Pagination pagination = Pagination.from(uri.getQueryParameters(), "group-users@" + groupId);
        return eventStore.inTransaction(session -> groups.find(session, workspaceId, groupId)
                        .chain(group -> {
                            require(group, groupId);
                            return groups.members(session, workspaceId, groupId, pagination.offset(), pagination.count());
                        })
                        .chain(page -> views.users(session, workspaceId, page.members())
                                .map(users -> DataEnvelope.of(new UserList(users, pagination.output((int) page.total()))))));
    }

    /** Segment's listInvitesFromUserGroup: the emails of the pending invites the group holds. */
    @Requires("workspace.access.read")
    @GET
    @Path("/{groupId}/invites")
    public Uni<DataEnvelope<GroupInviteList>> listInvitesFromUserGroup(@PathParam("workspaceId") String workspaceId,
                                                                      @PathParam("groupId") String groupId,
                                                                      @Context UriInfo uri) {
        Pagination pagination = Pagination.from(uri.getQueryParameters(), "group-invites@" + groupId);
        return eventStore.inTransaction(session -> groups.find(session, workspaceId, groupId)
                        .chain(group -> {
                            require(group, groupId);
                            return invites.pending(session, workspaceId, groupId, java.time.Instant.now(),
                                    pagination.offset(), pagination.count());
                        }))
                .map(page -> DataEnvelope.of(new GroupInviteList(
                        page.invites().stream().map(InviteRepository.InviteRow::email).toList(),
                        pagination.output((int) page.total()))));
    }

    @Requires("workspace.access.update")
    @POST
    @Path("/{groupId}/users")
    public Uni<Response> addUsersToUserGroup(@PathParam("workspaceId") String workspaceId,
                                             @PathParam("groupId") String groupId,
                                             @Valid @NotNull(message = "is required") GroupRequests.Emails body,
                                             @Context ContainerRequestContext request) {
        return respond(handler.group(new GroupCommand.AddMembers(workspaceId, groupId, body.emails()), groupId,
                metadata(request)));
    }

    @Requires("workspace.access.update")
    @PUT
    @Path("/{groupId}/users")
    public Uni<Response> replaceUsersInUserGroup(@PathParam("workspaceId") String workspaceId,
                                                 @PathParam("groupId") String groupId,
                                                 @Valid @NotNull(message = "is required") GroupRequests.Emails body,
                                                 @Context ContainerRequestContext request) {
        return respond(handler.group(new GroupCommand.ReplaceMembers(workspaceId, groupId, body.emails()), groupId,
                metadata(request)));
    }

    @Requires("workspace.access.update")
    @DELETE
    @Path("/{groupId}/users")
    public Uni<Response> removeUsersFromUserGroup(@PathParam("workspaceId") String workspaceId,
                                                  @PathParam("groupId") String groupId,
                                                  @QueryParam("emails") List<String> emails,
                                                  @Context ContainerRequestContext request) {
        List<String> list = emails == null ? List.of() : emails.stream()
                .flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).filter(e -> !e.isEmpty()).toList();
        if (list.isEmpty()) {
            throw ApiException.validation("emails", "Name the emails to remove: ?emails=a@x.io,b@x.io");
        }
        // Segment's removeUsersFromUserGroup answers a status, not the group.
        return handler.group(new GroupCommand.RemoveMembers(workspaceId, groupId, list), groupId, metadata(request))
                .map(outcome -> written(Map.of("status", "SUCCESS"), outcome));
    }

    private static CommandMetadata metadata(ContainerRequestContext request) {
        return new CommandMetadata(Principals.actor(request), RequestIds.of(request));
    }

    private static <T> T require(T found, String groupId) {
        if (found == null) {
            throw ApiException.notFound("groupId", "Group " + groupId + " does not exist");
        }
        return found;
    }

    private static Uni<Response> respond(Uni<MemberCommandHandler.GroupOutcome> outcome) {
        return outcome.map(done -> written(Map.of("userGroup", GroupView.of(done.group(), done.grants())), done));
    }

    private static Response written(Map<String, Object> data, MemberCommandHandler.GroupOutcome outcome) {
        String token = outcome.append().consistencyToken().encode();
        Map<String, Object> body = new java.util.LinkedHashMap<>(data);
        body.put("consistencyToken", token);
        return Response.ok(DataEnvelope.of(body)).header(ApiHeaders.CONSISTENCY_TOKEN, token).build();
    }
}
