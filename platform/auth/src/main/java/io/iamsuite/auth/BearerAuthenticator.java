package io.iamsuite.auth;

import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.GrantEvaluator;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Instant;

/**
 * Bearer authentication and workspace-level authorization for transports other than the HTTP filters (gRPC): the
 * same token directory, the same operator secret, the same refusals and the same grant rule as {@link AuthFilters}.
 */
@ApplicationScoped
public class BearerAuthenticator {
    /** A principal, or why there is none (a message that names no secret). */
    public record Outcome(Principal principal, String refusal) {
        public boolean ok() {
            return principal != null;
        }
    }

    private final TokenDirectory directory;
    private final AuthConfig config;
    private final RoleCatalogue catalogue;
    private final GrantEvaluator evaluator;
    private final Instance<TokenUseListener> listeners;

    public BearerAuthenticator(TokenDirectory directory, AuthConfig config, RoleCatalogue catalogue,
                               Instance<TokenUseListener> listeners) {
        this.directory = directory;
        this.config = config;
        this.catalogue = catalogue;
        this.evaluator = new GrantEvaluator(catalogue);
        this.listeners = listeners;
    }

    /** The caller of an {@code Authorization: Bearer <secret>} value (null or blank: no credentials). */
    public Outcome authenticate(String authorization, Instant now) {
        if (authorization == null || authorization.isBlank()) {
            return new Outcome(null, "Send an API token: authorization: Bearer <token>");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Outcome(null, "Only bearer tokens are accepted: authorization: Bearer <token>");
        }
        String secret = authorization.substring(7).trim();
        if (config.operatorSecretHash().isPresent() && TokenSecrets.looksLikeSecret(secret)
                && TokenSecrets.sameHash(TokenSecrets.hash(secret), config.operatorSecretHash().get().trim().toLowerCase())) {
            return new Outcome(new Principal.Operator(), null);
        }
        TokenDirectory.Result result = directory.authenticate(secret, now);
        if (!result.ok()) {
            String why;
            switch (result.refusal()) {
                case EXPIRED:
                    why = "The token has expired";
                    break;
                case REVOKED:
                    why = "The token was revoked";
                    break;
                default:
                    why = "Unknown token";
            }
            return new Outcome(null, why);
        }
        Principal.Token token = result.principal();
        listeners.forEach(l -> l.used(token.workspaceId(), token.tokenId(), now));
        return new Outcome(token, null);
    }

    /**
     * Whether the principal may do a workspace action ({@code workspace.access.read}) in its own workspace: the
     * operator and owner tokens always, a member token if its grants allow it on the workspace.
     */
    public boolean permitsWorkspaceAction(Principal principal, String actionName) {
        Action action = catalogue.action(actionName).orElseThrow(() ->
                new IllegalArgumentException("unknown action " + actionName));
        if (action.type() != ResourceType.WORKSPACE) {
            throw new IllegalArgumentException(actionName + " is not a workspace action");
        }
        if (principal instanceof Principal.Operator) {
            return true;
        }
        Principal.Token token = (Principal.Token) principal;
        return token.owner() || evaluator.allows(token.grants(), action.name(),
                GrantEvaluator.Target.of(ResourceRef.workspace(token.workspaceId())));
    }
}
