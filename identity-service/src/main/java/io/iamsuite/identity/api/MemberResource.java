package io.iamsuite.identity.api;

import io.iamsuite.events.Actor;
import io.iamsuite.events.Ids;
import io.iamsuite.eventstore.CommandMetadata;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** Our addition to Segment's API: add a member to a workspace directly, as owner or member. */
@Path("/workspaces/{workspaceId}/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class MemberResource {
    static final String WORKSPACE_ID = "[A-Za-z0-9_-]{1,255}";

    private final MemberCommandHandler handler;

    public MemberResource(MemberCommandHandler handler) {
        this.handler = handler;
    }

    @POST
    public Uni<Response> addMember(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = "must be 1-255 letters, digits, _ or -")
            String workspaceId,
            @Valid @NotNull(message = "is required") AddMemberRequest body,
            @Context ContainerRequestContext request) {
        var command = new AddMember(workspaceId, Ids.next("usr"), body.email().trim(),
                body.name() == null ? "" : body.name().trim(), body.role());
        // Until token-service authenticates callers, writes are attributed to the system.
        var metadata = new CommandMetadata(Actor.system(), RequestIds.of(request));
        return handler.addMember(command, metadata)
                .map(added -> {
                    String token = added.append().consistencyToken().encode();
                    return Response.status(201)
                            .header(ApiHeaders.CONSISTENCY_TOKEN, token)
                            .entity(DataEnvelope.of(Map.of("user", MemberView.of(added.member()),
                                    "consistencyToken", token)))
                            .build();
                });
    }

}
