package io.iamsuite.policy.api;

import io.iamsuite.auth.Principal;
import io.iamsuite.auth.Principals;
import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.messaging.ConsistencyGate;
import io.iamsuite.policy.messaging.Freshness;
import io.iamsuite.rest.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

import java.util.ArrayList;
import java.util.List;

/**
 * What every read of the policy API does before it asks the projection: the caller's workspace binding, the
 * consistency mode, the vocabulary (actions of the catalogue), and the unknown workspace. One place, so that
 * check, batch-check, explain and the lookups answer alike.
 */
@ApplicationScoped
public class PolicyReads {
    private final Projection projection;
    private final Freshness freshness;
    private final RoleCatalogue catalogue;

    public PolicyReads(Projection projection, Freshness freshness, RoleCatalogue catalogue) {
        this.projection = projection;
        this.freshness = freshness;
        this.catalogue = catalogue;
    }

    /** A token asks about its own workspace only; another one answers exactly like an unknown workspace. */
    void ownWorkspace(ContainerRequestContext context, String workspaceId) {
        Principal caller = Principals.of(context);
        if (caller != null && caller.workspaceId() != null && !caller.workspaceId().equals(workspaceId)) {
            throw unknownWorkspace(workspaceId);
        }
    }

    /** After the wait: a workspace the projection has never seen an event of is 404. */
    void knownWorkspace(String workspaceId) {
        if (!projection.knowsWorkspace(workspaceId)) {
            throw unknownWorkspace(workspaceId);
        }
    }

    static ApiException unknownWorkspace(String workspaceId) {
        return ApiException.notFound("workspaceId", "Workspace " + workspaceId + " is unknown");
    }

    /** The action named in {@code field}, which must be one of the catalogue's (docs/roles.md). */
    Action action(String field, String permission) {
        return catalogue.action(permission).orElseThrow(() -> ApiException.validation(field,
                permission + " is not an action of the role catalogue (see GET /roles and docs/roles.md)"));
    }

    /** A user or a token: a group's access is its members'. */
    static Subject subject(String field, CheckBody.SubjectBody body) {
        if (body.type() == Subject.Type.GROUP) {
            throw ApiException.validation(field, "Checks are asked for a USER or a TOKEN; groups are expanded");
        }
        return new Subject(body.type(), body.id());
    }

    /**
     * Waits as the consistency mode asks: nothing for minimizeLatency (the default), until the tokens' positions
     * are applied for atLeastAsFresh, until everything published is applied for fullyConsistent; 503 with the
     * lag when still behind after {@code iam.consistency.max-wait}.
     */
    Uni<Void> fresh(String workspaceId, CheckBody.ConsistencyBody consistency) {
        return awaitConsistency(workspaceId, consistency)
                .onFailure(ConsistencyGate.StaleProjectionException.class)
                .transform(e -> ApiException.unavailable(e.getMessage()));
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
