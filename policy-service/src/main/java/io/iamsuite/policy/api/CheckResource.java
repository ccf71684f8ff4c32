package io.iamsuite.policy.api;

import io.iamsuite.auth.Principal;
import io.iamsuite.auth.Principals;
import io.iamsuite.auth.Requires;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.CheckRequest;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.messaging.ConsistencyGate;
import io.iamsuite.policy.messaging.Freshness;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.List;

/** Permission checks over HTTP, answered from the in-memory projection. */
@Path("/policy/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class CheckResource {
    private final Evaluator evaluator;
    private final Projection projection;
    private final Freshness freshness;

    public CheckResource(Evaluator evaluator, Projection projection, Freshness freshness) {
        this.evaluator = evaluator;
        this.projection = projection;
        this.freshness = freshness;
    }

    public record CheckResult(boolean allowed) {
    }

    @Requires("workspace.access.read")
    @POST
    @Path("/check")
    public Uni<DataEnvelope<CheckResult>> check(@Valid @NotNull(message = "is required") CheckBody body,
                                                @Context ContainerRequestContext context) {
        Principal caller = Principals.of(context);
        if (caller != null && caller.workspaceId() != null && !caller.workspaceId().equals(body.workspaceId())) {
            // A token asks about its own workspace only; another one answers exactly like an unknown workspace.
            throw ApiException.notFound("workspaceId", "Workspace " + body.workspaceId() + " is unknown");
        }
        if (body.subject().type() == Subject.Type.GROUP) {
            throw ApiException.validation("subject.type", "Checks are asked for a USER or a TOKEN; groups are expanded");
        }
        var request = new CheckRequest(body.workspaceId(), new Subject(body.subject().type(), body.subject().id()),
                body.permission(), new ResourceRef(body.resource().type(), body.resource().id()));
        return awaitConsistency(body.workspaceId(), body.consistency())
                .onFailure(ConsistencyGate.StaleProjectionException.class)
                .transform(e -> ApiException.unavailable(e.getMessage()))
                .map(ignored -> {
                    if (!projection.knowsWorkspace(request.workspaceId())) {
                        throw ApiException.notFound("workspaceId", "Workspace " + request.workspaceId() + " is unknown");
                    }
                    return DataEnvelope.of(new CheckResult(evaluator.check(request).allowed()));
                });
    }

    private Uni<Void> awaitConsistency(String workspaceId, CheckBody.ConsistencyBody consistency) {
        if (consistency == null) {
            return Uni.createFrom().voidItem();
        }
        int modes = (Boolean.TRUE.equals(consistency.minimizeLatency()) ? 1 : 0)
                + (consistency.atLeastAsFresh() != null ? 1 : 0)
                + (Boolean.TRUE.equals(consistency.fullyConsistent()) ? 1 : 0);
        if (modes > 1) {
            throw ApiException.validation("consistency",
                    "Choose one of minimizeLatency, atLeastAsFresh and fullyConsistent");
        }
        if (Boolean.TRUE.equals(consistency.fullyConsistent())) {
            return freshness.fullyConsistent();
        }
        if (consistency.atLeastAsFresh() == null || consistency.atLeastAsFresh().isEmpty()) {
            if (consistency.atLeastAsFresh() != null) {
                throw ApiException.validation("consistency.atLeastAsFresh", "Give at least one consistency token");
            }
            return Uni.createFrom().voidItem();
        }
        List<ConsistencyToken> tokens = new ArrayList<>();
        for (int i = 0; i < consistency.atLeastAsFresh().size(); i++) {
            String field = "consistency.atLeastAsFresh[" + i + "]";
            ConsistencyToken token;
            try {
                token = ConsistencyToken.decode(consistency.atLeastAsFresh().get(i));
            } catch (IllegalArgumentException e) {
                throw ApiException.validation(field, e.getMessage());
            }
            if (!token.workspaceId().equals(workspaceId)) {
                throw ApiException.validation(field, "The token belongs to another workspace");
            }
            tokens.add(token);
        }
        return freshness.atLeastAsFresh(ConsistencyToken.combineAll(tokens));
    }
}
