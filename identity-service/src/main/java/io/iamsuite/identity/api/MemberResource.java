package io.iamsuite.identity.api;

import io.iamsuite.auth.Principals;
import io.iamsuite.auth.Requires;
import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.Ids;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.identity.domain.ChangeMemberRole;
import io.iamsuite.identity.store.MemberRepository;
import io.iamsuite.identity.domain.AddMember;
import io.iamsuite.identity.store.MemberCommandHandler;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.iamsuite.rest.RequestIds;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.Map;

/** Our addition to Segment's API: add a member to a workspace directly, as owner or member. */
@Path("/workspaces/{workspaceId}/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class MemberResource {
    static final String WORKSPACE_ID = "[A-Za-z0-9_-]{1,255}";
    static final String WORKSPACE_ID_RULE = "must be 1-255 letters, digits, _ or -";
    private static final Duration WORKSPACE_WAIT = Duration.ofSeconds(5);

    private final MemberCommandHandler handler;
    private final EventStore eventStore;
    private final MemberRepository members;
    private final Views views;

    public MemberResource(MemberCommandHandler handler, EventStore eventStore, MemberRepository members, Views views) {
        this.handler = handler;
        this.eventStore = eventStore;
        this.members = members;
        this.views = views;
    }

    @Requires("workspace.access.update")
    @POST
    public Uni<Response> addMember(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = WORKSPACE_ID_RULE)
            String workspaceId,
            @Valid @NotNull(message = "is required") AddMemberRequest body,
            @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String consistencyToken,
            @Context ContainerRequestContext request) {
        boolean workspaceWasWritten = announcesWorkspace(consistencyToken, workspaceId);
        var command = new AddMember(workspaceId, Ids.next("usr"), body.email().trim(),
                body.name() == null ? "" : body.name().trim(), body.role());
        // Until token-service authenticates callers, writes are attributed to the system.
        var metadata = new CommandMetadata(Principals.actor(request), RequestIds.of(request));
        Uni<MemberCommandHandler.Outcome> attempt = handler.addMember(command, metadata);
        if (workspaceWasWritten) {
            // The caller has a write of this workspace in hand (e.g. its creation): wait, bounded, for this
            // service to learn of the workspace instead of answering 404 during the propagation window.
            attempt = attempt.onFailure(MemberResource::unknownWorkspace).retry()
                    .withBackOff(Duration.ofMillis(20), Duration.ofMillis(200))
                    .expireIn(WORKSPACE_WAIT.toMillis());
        }
        return attempt
                .map(added -> {
                    String token = added.append().consistencyToken().encode();
                    return Response.status(201)
                            .header(ApiHeaders.CONSISTENCY_TOKEN, token)
                            .entity(DataEnvelope.of(Map.of("user", UserView.of(added.member()),
                                    "consistencyToken", token)))
                            .build();
                });
    }


    /** Ours (Segment lacks it): promote a member to owner or demote an owner; the last owner stays. */
    @Requires("workspace.access.update")
    @PUT
    @Path("/{userId}/role")
    public Uni<Response> changeRole(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = WORKSPACE_ID_RULE) String workspaceId,
            @PathParam("userId") String userId,
            @Valid @NotNull(message = "is required") ChangeRoleRequest body,
            @Context ContainerRequestContext request) {
        var metadata = new CommandMetadata(Principals.actor(request), RequestIds.of(request));
        return handler.changeRole(new ChangeMemberRole(workspaceId, userId, body.role()), metadata)
                .chain(outcome -> eventStore.inTransaction(session -> views.user(session, workspaceId, outcome.member()))
                        .map(user -> {
                            String token = outcome.append().consistencyToken().encode();
                            return Response.ok(DataEnvelope.of(Map.of("user", user, "consistencyToken", token)))
                                    .header(ApiHeaders.CONSISTENCY_TOKEN, token).build();
                        }));
    }

    /** Ours (Segment's users ask for it): find a member by email, in any case. */
    @Requires("workspace.access.read")
    @GET
    public Uni<DataEnvelope<Map<String, UserView>>> lookupByEmail(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = WORKSPACE_ID_RULE) String workspaceId,
            @QueryParam("email") String email) {
        if (email == null || email.isBlank()) {
            throw ApiException.validation("email", "Give the email to look up: ?email=...");
        }
        return eventStore.inTransaction(session -> members.findByEmail(session, workspaceId, email)
                        .chain(record -> {
                            if (record == null) {
                                throw ApiException.notFound("email", "No member with email " + email + " in this workspace");
                            }
                            return views.user(session, workspaceId, record);
                        }))
                .map(user -> DataEnvelope.of(Map.of("user", user)));
    }

    /** Whether a consistency token proves the workspace was written to (then it exists somewhere). */
    private static boolean announcesWorkspace(String token, String workspaceId) {
        if (token == null || token.isBlank()) {
            return false;
        }
        ConsistencyToken decoded;
        try {
            decoded = ConsistencyToken.decode(token.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(ApiHeaders.CONSISTENCY_TOKEN, e.getMessage());
        }
        if (!decoded.workspaceId().equals(workspaceId)) {
            throw ApiException.validation(ApiHeaders.CONSISTENCY_TOKEN, "The token belongs to another workspace");
        }
        return decoded.position(EventSource.RESOURCE) > 0;
    }

    private static boolean unknownWorkspace(Throwable failure) {
        return failure instanceof DomainException e && e.kind() == DomainException.Kind.NOT_FOUND
                && "workspaceId".equals(e.field());
    }
}
