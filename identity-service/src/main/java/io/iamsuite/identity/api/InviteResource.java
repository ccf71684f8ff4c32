package io.iamsuite.identity.api;

import io.iamsuite.registry.RegistryWait;
import io.iamsuite.auth.Principals;
import io.iamsuite.auth.Requires;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.Ids;
import io.iamsuite.eventstore.AppendResult;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.identity.config.InviteConfig;
import io.iamsuite.identity.domain.InviteCommand;
import io.iamsuite.identity.store.InviteRepository;
import io.iamsuite.identity.store.MemberCommandHandler;
import io.iamsuite.identity.store.MemberRepository;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.iamsuite.rest.Pagination;
import io.iamsuite.rest.RequestIds;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segment's listInvites, createInvites and deleteInvites, plus ours: get one invite, resend it (fresh expiry)
 * and accept it (the invitee becomes a member with exactly the invited permissions and groups). An invite
 * expires after {@code iam.invites.ttl} (7 days by default); expired and revoked invites cannot be accepted.
 */
@Path("/workspaces/{workspaceId}/invites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class InviteResource {
    private static final int MAX_DELETE = 100;

    private final MemberCommandHandler handler;
    private final EventStore eventStore;
    private final InviteRepository invites;
    private final MemberRepository members;
    private final InviteConfig config;
    private final Views views;
    private final RegistryWait registryWait;

    public InviteResource(MemberCommandHandler handler, EventStore eventStore, InviteRepository invites,
                          MemberRepository members, InviteConfig config, Views views, RegistryWait registryWait) {
        this.handler = handler;
        this.eventStore = eventStore;
        this.invites = invites;
        this.members = members;
        this.config = config;
        this.views = views;
        this.registryWait = registryWait;
    }

    @Requires("workspace.access.read")
    @GET
    public Uni<DataEnvelope<InviteList>> listInvites(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @Context UriInfo uri) {
        Pagination pagination = Pagination.from(uri.getQueryParameters(), "invites@" + workspaceId);
        return eventStore.inTransaction(session -> members.requireWorkspace(session, workspaceId)
                        .chain(() -> invites.pending(session, workspaceId, null, Instant.now(), pagination.offset(),
                                pagination.count())))
                .map(page -> DataEnvelope.of(new InviteList(
                        page.invites().stream().map(InviteRepository.InviteRow::email).toList(),
                        page.invites().stream().map(InviteView::of).toList(),
                        pagination.output((int) page.total()))));
    }

    @Requires("workspace.access.update")
    @POST
    public Uni<Response> createInvites(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            InviteRequests.Create body,
            @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String consistencyToken,
            @Context ContainerRequestContext request) {
        if (body == null) {
            throw ApiException.validation("body", "is required: {\"invites\": [{\"email\": ...}]}");
        }
        if (body.invites() == null) {
            throw ApiException.validation("invites", "is required");
        }
        List<InviteCommand.NewInvite> asked = new ArrayList<>();
        for (int i = 0; i < body.invites().size(); i++) {
            InviteRequests.InviteInput input = body.invites().get(i);
            String at = "invites[" + i + "]";
            if (input == null) {
                throw ApiException.validation(at, "must be an object {email, permissions?}");
            }
            String email = InviteRequests.email(input.email(), at + ".email");
            List<String> groupIds = input.groupIds() == null ? List.of() : input.groupIds();
            for (int k = 0; k < groupIds.size(); k++) {
                if (groupIds.get(k) == null || groupIds.get(k).isBlank()) {
                    throw ApiException.validation(at + ".groupIds[" + k + "]", "must be a group id");
                }
            }
            asked.add(new InviteCommand.NewInvite(Ids.next("inv"), email,
                    InviteRequests.permissions(workspaceId, input.permissions(), at + ".permissions"), groupIds));
        }
        var command = new InviteCommand.Create(workspaceId, asked, Instant.now(), config.ttl());
        // As for add/replace permissions: with a resource-service write's token, the invited grants are validated
        // once this service has applied resource-service's events up to it (a source created a moment ago is found).
        return registryWait.await(workspaceId, consistencyToken)
                .chain(() -> handler.invite(command, metadata(request))).map(result -> {
                    List<String> emails = new ArrayList<>();
                    List<Map<String, Object>> created = new ArrayList<>();
                    for (var envelope : result.events()) {
                        if (envelope.data() instanceof IdentityEvent.InviteSent sent) {
                            emails.add(sent.email());
                            created.add(Map.of("id", sent.inviteId(), "email", sent.email(), "expiresAt", sent.expiresAt()));
                        }
                    }
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("emails", emails);
                    data.put("invites", created);
                    return written(201, data, result);
                });
    }

    /** Segment's deleteInvites: revokes the open invites of the emails, all or none. */
    @Requires("workspace.access.update")
    @DELETE
    public Uni<Response> deleteInvites(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @QueryParam("emails") List<String> emails,
            @Context ContainerRequestContext request) {
        List<String> list = emails == null ? List.of() : emails.stream()
                .flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).filter(e -> !e.isEmpty())
                .distinct().toList();
        if (list.isEmpty()) {
            throw ApiException.validation("emails", "Name the emails whose invites to delete: ?emails=a@x.io,b@x.io");
        }
        if (list.size() > MAX_DELETE) {
            throw ApiException.validation("emails", "At most " + MAX_DELETE + " emails per call");
        }
        return handler.invite(new InviteCommand.Revoke(workspaceId, list), metadata(request))
                .map(result -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("status", "SUCCESS");
                    return written(200, data, result);
                });
    }

    /** Ours: one invite in full, whatever its status. */
    @Requires("workspace.access.read")
    @GET
    @Path("/{inviteId}")
    public Uni<DataEnvelope<Map<String, InviteView>>> getInvite(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @PathParam("inviteId") String inviteId) {
        return eventStore.inTransaction(session -> invites.find(session, workspaceId, inviteId))
                .map(row -> DataEnvelope.of(Map.of("invite", InviteView.of(require(row, inviteId)))));
    }

    /** Ours: sends the invite again with a fresh expiry (a pending invite only). */
    @Requires("workspace.access.update")
    @POST
    @Path("/{inviteId}/resend")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> resendInvite(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @PathParam("inviteId") String inviteId,
            @Context ContainerRequestContext request) {
        return handler.invite(new InviteCommand.Resend(workspaceId, inviteId, Instant.now(), config.ttl()), metadata(request))
                .chain(result -> eventStore.inTransaction(session -> invites.find(session, workspaceId, inviteId))
                        .map(row -> {
                            Map<String, Object> data = new LinkedHashMap<>();
                            data.put("invite", InviteView.of(row));
                            return written(200, data, result);
                        }));
    }

    /** Ours: the invitee accepts; answers 201 with the new member (permissions and groups included). */
    @Requires("workspace.access.update")
    @POST
    @Path("/{inviteId}/accept")
    public Uni<Response> acceptInvite(
            @PathParam("workspaceId") @Pattern(regexp = MemberResource.WORKSPACE_ID, message = MemberResource.WORKSPACE_ID_RULE)
            String workspaceId,
            @PathParam("inviteId") String inviteId,
            InviteRequests.Accept body,
            @Context ContainerRequestContext request) {
        if (body == null) {
            throw ApiException.validation("body", "is required: {\"name\": \"...\"} (name may be empty)");
        }
        String name = body.name() == null ? "" : body.name().trim();
        if (name.length() > 255) {
            throw ApiException.validation("name", "must be at most 255 characters");
        }
        String userId = Ids.next("usr");
        return handler.invite(new InviteCommand.Accept(workspaceId, inviteId, userId, name, Instant.now()), metadata(request))
                .chain(result -> eventStore.inTransaction(session -> members.find(session, workspaceId, userId)
                                .chain(record -> views.user(session, workspaceId, record)))
                        .map(user -> {
                            Map<String, Object> data = new LinkedHashMap<>();
                            data.put("user", user);
                            return written(201, data, result);
                        }));
    }

    private static InviteRepository.InviteRow require(InviteRepository.InviteRow row, String inviteId) {
        if (row == null) {
            throw ApiException.notFound("inviteId", "No invite " + inviteId + " in this workspace");
        }
        return row;
    }

    private static CommandMetadata metadata(ContainerRequestContext request) {
        return new CommandMetadata(Principals.actor(request), RequestIds.of(request));
    }

    private static Response written(int status, Map<String, Object> data, AppendResult result) {
        String token = result.consistencyToken().encode();
        data.put("consistencyToken", token);
        return Response.status(status).entity(DataEnvelope.of(data)).header(ApiHeaders.CONSISTENCY_TOKEN, token).build();
    }
}
