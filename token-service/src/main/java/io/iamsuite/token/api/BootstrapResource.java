package io.iamsuite.token.api;

import io.iamsuite.registry.RegistryWait;
import io.iamsuite.auth.Open;
import io.iamsuite.auth.TokenSecrets;
import io.iamsuite.events.Actor;
import io.iamsuite.events.Ids;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.iamsuite.rest.RequestIds;
import io.iamsuite.token.domain.TokenCommand;
import io.iamsuite.token.store.TokenCommandHandler;
import io.iamsuite.token.store.TokenRepository;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The first owner token of an installation ({@code iamctl bootstrap}): issued only while no token exists in any
 * workspace, so it works once. It stays reachable without a token (there is none yet); afterwards it answers 409.
 */
@Path("/bootstrap")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class BootstrapResource {
    static final String DEFAULT_DESCRIPTION = "Bootstrap owner token";
    private static final java.util.regex.Pattern USER_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,255}");

    private final TokenCommandHandler handler;
    private final TokenRepository tokens;
    private final RegistryWait registryWait;

    public BootstrapResource(TokenCommandHandler handler, TokenRepository tokens, RegistryWait registryWait) {
        this.handler = handler;
        this.tokens = tokens;
        this.registryWait = registryWait;
    }

    /** {@code {bootstrapped}}: true once any token was ever issued, in any workspace. */
    @Open(reason = "whether the installation is bootstrapped is what iamctl asks before it has any token", anonymous = true)
    @GET
    @Path("/status")
    public Uni<DataEnvelope<Map<String, Boolean>>> bootstrapStatus() {
        return tokens.anyIssued().map(any -> DataEnvelope.of(Map.of("bootstrapped", any)));
    }

    /**
     * Issues an OWNER token in {@code workspaceId} created by {@code ownerUserId}; 201 with the secret, shown this
     * once. 409 {@code bootstrap} if any token exists. With the workspace creation's {@code X-Consistency-Token} it
     * waits until token-service knows the workspace.
     */
    @Open(reason = "the first token of an installation; refused once any token exists", anonymous = true)
    @POST
    public Uni<Response> bootstrap(TokenRequests.Bootstrap body,
                                   @HeaderParam(ApiHeaders.CONSISTENCY_TOKEN) String consistencyToken,
                                   @Context ContainerRequestContext request) {
        if (body == null) {
            throw ApiException.validation("body", "is required: {\"workspaceId\", \"ownerUserId\", \"description\"?}");
        }
        TokenResource.requireText(body.workspaceId(), "workspaceId");
        if (!body.workspaceId().matches(TokenResource.WORKSPACE_ID)) {
            throw ApiException.validation("workspaceId", TokenResource.WORKSPACE_ID_RULE);
        }
        TokenResource.requireText(body.ownerUserId(), "ownerUserId");
        if (!USER_ID.matcher(body.ownerUserId()).matches()) {
            throw ApiException.validation("ownerUserId", "must be a user id: 1-255 letters, digits, _ or -");
        }
        String description = body.description() == null ? DEFAULT_DESCRIPTION : body.description();
        String secret = TokenSecrets.generate();
        var command = new TokenCommand.Issue(body.workspaceId(), Ids.next("tok"), description, TokenEvent.Access.OWNER,
                List.of(), TokenSecrets.hash(secret), body.ownerUserId(), null, Instant.now());
        return registryWait.await(body.workspaceId(), consistencyToken)
                .chain(() -> handler.bootstrap(command, new CommandMetadata(Actor.system(), RequestIds.of(request))))
                .map(outcome -> TokenResource.withSecret(outcome, secret,
                        TokenView.of(outcome.token(), null, Instant.now())));
    }
}
