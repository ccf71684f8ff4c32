package io.iamsuite.token.domain;

import io.iamsuite.catalogue.PermissionRequest;
import io.iamsuite.events.TokenEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The commands on API tokens. Secrets never reach the domain: the caller generates one and passes its hash.
 * {@code now} comes from the caller, so the rules stay pure.
 */
public sealed interface TokenCommand {
    String workspaceId();

    /** A new token; {@code permissions} only for MEMBER access; {@code expiresAt} optional. */
    record Issue(String workspaceId, String tokenId, String description, TokenEvent.Access access,
                 List<PermissionRequest> permissions, String secretHash, String createdBy, Instant expiresAt,
                 Instant now) implements TokenCommand {
        public Issue {
            permissions = permissions == null ? List.of() : List.copyOf(permissions);
        }
    }

    /**
     * A new secret for the same token; the current one stays valid for {@code grace} ({@code null}: the
     * configured maximum), which may not exceed {@code maxGrace}.
     */
    record Rotate(String workspaceId, String tokenId, String secretHash, Duration grace, Duration maxGrace,
                  Instant now) implements TokenCommand {
    }

    /** New access and permissions; {@code access} {@code null} keeps the token's. */
    record ReplacePermissions(String workspaceId, String tokenId, TokenEvent.Access access,
                              List<PermissionRequest> permissions, Instant now) implements TokenCommand {
        public ReplacePermissions {
            permissions = permissions == null ? List.of() : List.copyOf(permissions);
        }
    }

    record Revoke(String workspaceId, String tokenId) implements TokenCommand {
    }

    /** Records {@code TokenExpired} for every active token whose time is up at {@code now}. */
    record ExpireDue(String workspaceId, Instant now) implements TokenCommand {
    }

    /** The user left the workspace (identity-service's {@code member-removed}): flag the tokens they created. */
    record CreatorDeparted(String workspaceId, String userId) implements TokenCommand {
    }
}
