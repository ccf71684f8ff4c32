package io.iamsuite.token.api;

import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.registry.RegistryWait;
import io.iamsuite.catalogue.PermissionsInput;
import io.iamsuite.auth.Requires;
import io.iamsuite.auth.TokenSecrets;
import io.iamsuite.events.Ids;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.iamsuite.rest.Pagination;
import io.iamsuite.rest.RequestIds;
import io.iamsuite.token.config.TokenConfig;
import io.iamsuite.token.domain.TokenCommand;
import io.iamsuite.token.domain.Tokens;
import io.iamsuite.token.store.TokenCommandHandler;
import io.iamsuite.token.store.TokenRepository;
import io.iamsuite.token.store.TokenUsage;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import jakarta.ws.rs.core.UriInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API tokens of a workspace: issue (the secret is in this answer and nowhere else, ever), list, get, rotate,
 * replace permissions, revoke, and introspect a secret. Secrets are stored and published only as SHA-256 hashes.
 */
@Path("/workspaces/{workspaceId}/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class TokenResource {
    static final String WORKSPACE_ID = "[A-Za-z0-9_-]{1,255}";
    static final String WORKSPACE_ID_RULE = "must be 1-255 letters, digits, _ or -";

    private final TokenCommandHandler handler;
    private final EventStore eventStore;
    private final TokenRepository tokens;
    private final TokenUsage usage;
    private final TokenConfig config;
    private final ActorResolver actors;
    private final RegistryWait registryWait;

    public TokenResource(TokenCommandHandler handler, EventStore eventStore, TokenRepository tokens, TokenUsage usage,
                         TokenConfig config, ActorResolver actors, RegistryWait registryWait) {
        this.handler = handler;
        this.eventStore = eventStore;
        this.tokens = tokens;
        this.usage = usage;
        this.config = config;
        this.actors = actors;
        this.registryWait = registryWait;
    }

    /** Issues a token; 201 with the secret, shown this once. */
    @Requires("workspace.tokens.update")
    @POST
    public Uni<Response> issueToken(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = WORKSPACE_ID_RULE) String workspaceId,
            TokenRequests.Issue body,
            @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String consistencyToken,
            @Context ContainerRequestContext request) {
        if (body == null) {
            throw ApiException.validation("body", "is required: {\"description\", \"access\", \"permissions\"?, \"expiresAt\"?}");
        }
        requireText(body.description(), "description");
        ActorResolver.RequestActor actor = actors.resolve(request);
        String secret = TokenSecrets.generate();
        var command = new TokenCommand.Issue(workspaceId, Ids.next("tok"), body.description(), body.access(),
                body.permissions() == null ? List.of() : PermissionsInput.toRequests(body.permissions(), "permissions"),
                TokenSecrets.hash(secret), actor.createdBy(), body.expiresAt(), Instant.now());
        return registryWait.await(workspaceId, consistencyToken)
                .chain(() -> handler.handle(command, new CommandMetadata(actor.actor(), RequestIds.of(request))))
                .chain(outcome -> registryWait.covering(outcome.append().consistencyToken()).map(covering -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("secret", secret);
                    return written(201, view(outcome.token(), Instant.now()), covering, data);
                }));
    }

    @Requires("workspace.tokens.read")
    @GET
    public Uni<DataEnvelope<Map<String, Object>>> listTokens(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = WORKSPACE_ID_RULE) String workspaceId,
            @Context UriInfo uri) {
        Pagination pagination = Pagination.from(uri.getQueryParameters(), "tokens@" + workspaceId);
        Instant now = Instant.now();
        return eventStore.inTransaction(session -> tokens.page(session, workspaceId, pagination.offset(), pagination.count()))
                .map(page -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("tokens", page.tokens().stream().map(row -> view(row, now)).toList());
                    data.put("pagination", pagination.output((int) page.total()));
                    return DataEnvelope.of(data);
                });
    }

    @Requires("workspace.tokens.read")
    @GET
    @Path("/{tokenId}")
    public Uni<DataEnvelope<Map<String, TokenView>>> getToken(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = WORKSPACE_ID_RULE) String workspaceId,
            @PathParam("tokenId") String tokenId) {
        return eventStore.inTransaction(session -> tokens.find(session, workspaceId, tokenId))
                .map(row -> {
                    if (row == null) {
                        throw ApiException.notFound("tokenId", "No token " + tokenId + " in this workspace");
                    }
                    return DataEnvelope.of(Map.of("token", view(row, Instant.now())));
                });
    }

    /**
     * A new secret for the same token (same id, access and permissions); the old one stays valid for
     * {@code gracePeriodSeconds} (default and maximum {@code iam.tokens.rotation-grace}).
     */
    @Requires("workspace.tokens.update")
    @POST
    @Path("/{tokenId}/rotate")
    public Uni<Response> rotateToken(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = WORKSPACE_ID_RULE) String workspaceId,
            @PathParam("tokenId") String tokenId,
            TokenRequests.Rotate body,
            @Context ContainerRequestContext request) {
        if (body == null) {
            throw ApiException.validation("body", "is required: {\"gracePeriodSeconds\"?} (or send no body at all)");
        }
        Duration grace = body.gracePeriodSeconds() == null ? null : Duration.ofSeconds(body.gracePeriodSeconds());
        return rotate(workspaceId, tokenId, grace, request);
    }

    /** Rotation with the configured grace: the same operation without a body (and without a Content-Type). */
    @Requires("workspace.tokens.update")
    @POST
    @Path("/{tokenId}/rotate")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> rotateTokenWithoutBody(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = WORKSPACE_ID_RULE) String workspaceId,
            @PathParam("tokenId") String tokenId,
            @Context ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        boolean body = request.getHeaderString("Transfer-Encoding") != null
                || (length != null && !length.trim().equals("0"));
        if (body) {
            throw new ApiException(415, "unsupported-media-type", "Content-Type",
                    "Send the body as application/json, or no body for the configured grace");
        }
        return rotate(workspaceId, tokenId, null, request);
    }

    private Uni<Response> rotate(String workspaceId, String tokenId, Duration grace, ContainerRequestContext request) {
        ActorResolver.RequestActor actor = actors.resolve(request);
        String secret = TokenSecrets.generate();
        var command = new TokenCommand.Rotate(workspaceId, tokenId, TokenSecrets.hash(secret), grace,
                config.rotationGrace(), Instant.now());
        return handler.handle(command, new CommandMetadata(actor.actor(), RequestIds.of(request)))
                .map(outcome -> {
                    Map<String, Object> extra = new LinkedHashMap<>();
                    extra.put("secret", secret);
                    extra.put("previousValidUntil", outcome.token().token().previousValidUntil());
                    return written(200, outcome, extra);
                });
    }

    /** Replaces the token's access and permissions; the secret does not change. */
    @Requires("workspace.tokens.update")
    @PUT
    @Path("/{tokenId}/permissions")
    public Uni<Response> replaceTokenPermissions(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = WORKSPACE_ID_RULE) String workspaceId,
            @PathParam("tokenId") String tokenId,
            TokenRequests.ReplacePermissions body,
            @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String consistencyToken,
            @Context ContainerRequestContext request) {
        if (body == null) {
            throw ApiException.validation("body", "is required: {\"access\"?, \"permissions\": [...]}");
        }
        if (body.permissions() == null) {
            throw ApiException.validation("permissions", "is required ([] for an OWNER token)");
        }
        ActorResolver.RequestActor actor = actors.resolve(request);
        var command = new TokenCommand.ReplacePermissions(workspaceId, tokenId, body.access(),
                PermissionsInput.toRequests(body.permissions(), "permissions"), Instant.now());
        return registryWait.await(workspaceId, consistencyToken)
                .chain(() -> handler.handle(command, new CommandMetadata(actor.actor(), RequestIds.of(request))))
                .chain(outcome -> registryWait.covering(outcome.append().consistencyToken())
                        .map(covering -> written(200, view(outcome.token(), Instant.now()), covering, new LinkedHashMap<>())));
    }

    /** Revokes the token at once; revoking a token that is no longer active changes nothing and answers 200. */
    @Requires("workspace.tokens.update")
    @DELETE
    @Path("/{tokenId}")
    public Uni<Response> revokeToken(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = WORKSPACE_ID_RULE) String workspaceId,
            @PathParam("tokenId") String tokenId,
            @Context ContainerRequestContext request) {
        ActorResolver.RequestActor actor = actors.resolve(request);
        return handler.handle(new TokenCommand.Revoke(workspaceId, tokenId),
                        new CommandMetadata(actor.actor(), RequestIds.of(request)))
                .map(outcome -> written(200, outcome, new LinkedHashMap<>()));
    }

    /**
     * Which token a secret is, for operators and tools: {@code {active, tokenId, workspaceId, access}}, or only
     * {@code {active: false}} for a secret that is unknown, revoked, expired, rotated out, or of another workspace.
     * Never echoes the secret.
     */
    @Requires("workspace.tokens.read")
    @POST
    @Path("/introspect")
    public Uni<DataEnvelope<Introspection>> introspectToken(
            @PathParam("workspaceId") @Pattern(regexp = WORKSPACE_ID, message = WORKSPACE_ID_RULE) String workspaceId,
            TokenRequests.Introspect body) {
        if (body == null) {
            throw ApiException.validation("body", "is required: {\"secret\": \"iamt_...\"}");
        }
        requireText(body.secret(), "secret");
        if (!TokenSecrets.looksLikeSecret(body.secret().trim())) {
            return Uni.createFrom().item(DataEnvelope.of(Introspection.INACTIVE));
        }
        String hash = TokenSecrets.hash(body.secret().trim());
        Instant now = Instant.now();
        return tokens.findByHash(hash).map(row -> {
            if (row == null || !row.workspaceId().equals(workspaceId)) {
                return DataEnvelope.of(Introspection.INACTIVE);
            }
            Tokens.Token token = row.token();
            boolean valid = token.validHashesAt(now).stream().anyMatch(h -> TokenSecrets.sameHash(h, hash));
            return DataEnvelope.of(valid ? new Introspection(true, token.tokenId(), workspaceId, token.access().name())
                    : Introspection.INACTIVE);
        });
    }

    /** RFC 7662's shape: an inactive answer says nothing else. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Introspection(boolean active, String tokenId, String workspaceId, String access) {
        static final Introspection INACTIVE = new Introspection(false, null, null, null);
    }

    private TokenView view(TokenRepository.TokenRow row, Instant now) {
        return TokenView.of(row, usage.pendingUse(row.workspaceId(), row.token().tokenId()).orElse(null), now);
    }

    static Response withSecret(TokenCommandHandler.Outcome outcome, String secret, TokenView view) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("secret", secret);
        return written(201, view, outcome, data);
    }

    private Response written(int status, TokenCommandHandler.Outcome outcome, Map<String, Object> extra) {
        return written(status, view(outcome.token(), Instant.now()), outcome, extra);
    }

    private static Response written(int status, TokenView view, TokenCommandHandler.Outcome outcome,
                                    Map<String, Object> extra) {
        return written(status, view, outcome.append().consistencyToken(), extra);
    }

    /**
     * The answer to a write. A write naming labels answers a token widened by {@link RegistryWait#covering} (the
     * labels are named as this service knows them, after renames a reader may not have yet).
     */
    private static Response written(int status, TokenView view, ConsistencyToken consistency, Map<String, Object> extra) {
        String token = consistency.encode();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("token", view);
        data.putAll(extra);
        data.put("consistencyToken", token);
        return Response.status(status).entity(DataEnvelope.of(data)).header(ApiHeaders.CONSISTENCY_TOKEN, token).build();
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.validation(field, "is required");
        }
    }
}
