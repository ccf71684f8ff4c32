package io.iamsuite.auth;

import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.GrantEvaluator;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.rest.ErrorEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.lang.reflect.Method;
import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * Authentication, workspace binding, rate limiting (before matching) and authorization (after matching) of
 * every API request. A token fixes the workspace: a path naming another workspace answers 404 exactly as an
 * unknown workspace does, and Segment's workspace-less paths ({@code /users}, {@code /sources}, {@code /}) are
 * served for the token's workspace.
 */
public class AuthFilters {
    private static final Logger LOG = Logger.getLogger(AuthFilters.class);
    private static final String RATE = "iam.rate";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final BearerAuthenticator authenticator;
    private final AuthConfig config;
    private final RateLimiter limiter;
    private final GrantEvaluator evaluator;
    private final RoleCatalogue catalogue;
    private final Instance<ResourceAttributes> attributes;

    public AuthFilters(BearerAuthenticator authenticator, AuthConfig config, RoleCatalogue catalogue,
                       Instance<ResourceAttributes> attributes) {
        this.authenticator = authenticator;
        this.config = config;
        this.catalogue = catalogue;
        this.limiter = new RateLimiter(config.rateLimit().writesPerMinute());
        this.evaluator = new GrantEvaluator(catalogue);
        this.attributes = attributes;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (isOpen(path)) {
            return null;
        }
        BearerAuthenticator.Outcome outcome = authenticator.authenticate(request.getHeaderString("Authorization"),
                Instant.now());
        if (!outcome.ok()) {
            return unauthorized(outcome.refusal());
        }
        Principal principal = outcome.principal();
        request.setProperty(Principals.PROPERTY, principal);

        if (principal instanceof Principal.Token token) {
            Response refused = bind(request, path, token);
            if (refused != null) {
                return refused;
            }
            if (limiter.enabled() && WRITES.contains(request.getMethod())) {
                long now = System.currentTimeMillis();
                RateLimiter.Decision decision = limiter.acquire(token.tokenId(), now);
                request.setProperty(RATE, decision);
                if (!decision.allowed()) {
                    return Response.status(429)
                            .header("Retry-After", decision.secondsUntilReset(now))
                            .header("X-RateLimit-Limit", decision.limit())
                            .header("X-RateLimit-Remaining", 0)
                            .header("X-RateLimit-Reset", decision.secondsUntilReset(now))
                            .type(MediaType.APPLICATION_JSON)
                            .entity(ErrorEnvelope.of("too-many-requests", "More than " + decision.limit()
                                    + " writes in a minute with this token; retry after the reset", null))
                            .build();
                }
            }
        }
        return null;
    }

    /** The token's workspace: another one in the path is 404; Segment's workspace-less paths are rewritten. */
    private Response bind(ContainerRequestContext request, String path, Principal.Token token) {
        if (path.equals("/workspaces") || path.equals("/workspaces/")) {
            return null;   // creating or listing workspaces: the operation's annotation decides
        }
        if (path.startsWith("/workspaces/")) {
            String rest = path.substring("/workspaces/".length());
            int slash = rest.indexOf('/');
            String workspaceId = slash < 0 ? rest : rest.substring(0, slash);
            if (!workspaceId.equals(token.workspaceId())) {
                return error(404, "not-found", "Workspace " + workspaceId + " does not exist", "workspaceId");
            }
            return null;
        }
        for (String global : config.globalPaths()) {
            if (path.startsWith(global)) {
                return null;
            }
        }
        URI uri = request.getUriInfo().getRequestUri();
        String rewritten = "/workspaces/" + token.workspaceId() + (path.equals("/") ? "" : path);
        request.setRequestUri(UriBuilder.fromUri(uri).replacePath(rewritten).build());
        return null;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Response> authorize(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return Uni.createFrom().nullItem();
        }
        Open open = method.getAnnotation(Open.class);
        Principal principal = Principals.of(request);
        if (open != null && (open.anonymous() || principal != null)) {
            return Uni.createFrom().nullItem();
        }
        if (principal == null) {
            return Uni.createFrom().item(unauthorized("Send an API token: Authorization: Bearer <token>"));
        }
        if (principal instanceof Principal.Operator) {
            return Uni.createFrom().nullItem();
        }
        Principal.Token token = (Principal.Token) principal;
        if (method.isAnnotationPresent(OperatorOnly.class)) {
            return Uni.createFrom().item(forbidden("Only the operator may do this"));
        }
        Requires[] required = method.getAnnotationsByType(Requires.class);
        if (required.length == 0) {
            LOG.errorf("%s.%s declares no permission (@Requires or @Open): refused", method.getDeclaringClass().getSimpleName(),
                    method.getName());
            return Uni.createFrom().item(forbidden("This operation declares no permission"));
        }
        if (token.owner()) {
            return Uni.createFrom().nullItem();
        }
        Uni<Response> verdict = Uni.createFrom().nullItem();
        for (Requires requires : required) {
            verdict = verdict.chain(refused -> refused != null ? Uni.createFrom().item(refused) : check(request, token, requires));
        }
        return verdict;
    }

    /** One required permission of a member token: null if its grants allow it, else the refusal. */
    private Uni<Response> check(ContainerRequestContext request, Principal.Token token, Requires requires) {
        Action action = catalogue.action(requires.value()).orElseThrow(() ->
                new IllegalStateException("unknown action " + requires.value()));
        Uni<GrantEvaluator.Target> target;
        if (action.type() == ResourceType.WORKSPACE) {
            target = Uni.createFrom().item(GrantEvaluator.Target.of(ResourceRef.workspace(token.workspaceId())));
        } else if (!requires.resource().isEmpty()) {
            String id = request.getUriInfo().getPathParameters().getFirst(requires.resource());
            if (id == null) {
                id = request.getUriInfo().getQueryParameters().getFirst(requires.resource());
            }
            if (id == null || id.isBlank()) {
                target = Uni.createFrom().nullItem();   // the operation will refuse the missing id itself
            } else {
                ResourceRef ref = new ResourceRef(action.type(), id);
                target = attributes.isResolvable()
                        ? attributes.get().target(token.workspaceId(), ref)
                        : Uni.createFrom().item(GrantEvaluator.Target.of(ref));
            }
        } else {
            target = Uni.createFrom().nullItem();
        }
        return target.map(t -> evaluator.allows(token.grants(), action.name(), t) ? null
                : forbidden("This token lacks " + action.name()
                + (t == null ? "" : " on " + t.resource().type() + " " + t.resource().id())));
    }

    @ServerResponseFilter
    public void rateHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        Object decision = request.getProperty(RATE);
        if (decision instanceof RateLimiter.Decision d && d.allowed()) {
            long now = System.currentTimeMillis();
            response.getHeaders().putSingle("X-RateLimit-Limit", d.limit());
            response.getHeaders().putSingle("X-RateLimit-Remaining", d.remaining());
            response.getHeaders().putSingle("X-RateLimit-Reset", d.secondsUntilReset(now));
        }
    }

    private boolean isOpen(String path) {
        for (String open : config.openPaths()) {
            if (path.startsWith(open)) {
                return true;
            }
        }
        return false;
    }

    private Response forbidden(String message) {
        if (config.segmentStatus()) {
            return unauthorized(message);
        }
        return error(403, "forbidden", message, null);
    }

    private static Response unauthorized(String message) {
        return Response.status(401).header("WWW-Authenticate", "Bearer realm=\"iam\"").type(MediaType.APPLICATION_JSON)
                .entity(ErrorEnvelope.of("unauthorized", message, "Authorization")).build();
    }

    private static Response error(int status, String type, String message, String field) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ErrorEnvelope.of(type, message, field)).build();
    }
}
