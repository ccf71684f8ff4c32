package io.iamsuite.token.domain;

import io.iamsuite.catalogue.GrantValidator;
import io.iamsuite.catalogue.KnownResources;
import io.iamsuite.catalogue.PermissionRequest;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.catalogue.RoleKind;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.Grant;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The rules of API tokens. A token is OWNER (everything in its workspace) or MEMBER with granular permissions,
 * validated exactly like a user's (label-scoped ones included). Rotating replaces the secret and keeps the old one
 * valid for a grace period (at most the configured one); revoking is final and idempotent (revoking a token that is
 * no longer active records nothing); expiry and a departed creator are recorded by the service itself.
 */
public final class TokenDecider {
    public static final int MAX_DESCRIPTION = 255;

    private TokenDecider() {
    }

    public static String streamId(String workspaceId, String tokenId) {
        return "token:" + workspaceId + ":" + tokenId;
    }

    public static List<TokenEvent> decide(TokenCommand command, Tokens tokens, KnownResources known,
                                          RoleCatalogue catalogue) {
        if (command instanceof TokenCommand.Issue issue) {
            return issue(issue, tokens, known, catalogue);
        }
        if (command instanceof TokenCommand.Rotate rotate) {
            return rotate(rotate, tokens);
        }
        if (command instanceof TokenCommand.ReplacePermissions replace) {
            Tokens.Token token = requireActive(replace.tokenId(), tokens, replace.now());
            TokenEvent.Access access = replace.access() == null ? token.access() : replace.access();
            List<Grant> grants = grants(replace.workspaceId(), access, replace.permissions(), known, catalogue);
            if (access == token.access() && grants.equals(token.grants())) {
                return List.of();
            }
            return List.of(new TokenEvent.TokenPermissionsReplaced(token.tokenId(), access, grants));
        }
        if (command instanceof TokenCommand.Revoke revoke) {
            Tokens.Token token = require(revoke.tokenId(), tokens);
            return token.status() == Tokens.Status.ACTIVE
                    ? List.of(new TokenEvent.TokenRevoked(token.tokenId())) : List.of();
        }
        if (command instanceof TokenCommand.ExpireDue expire) {
            return tokens.tokens().values().stream()
                    .filter(t -> t.status() == Tokens.Status.ACTIVE && !t.activeAt(expire.now()))
                    .sorted(Comparator.comparing(Tokens.Token::tokenId))
                    .map(t -> (TokenEvent) new TokenEvent.TokenExpired(t.tokenId()))
                    .toList();
        }
        TokenCommand.CreatorDeparted departed = (TokenCommand.CreatorDeparted) command;
        return tokens.tokens().values().stream()
                .filter(t -> t.status() == Tokens.Status.ACTIVE && !t.creatorDeparted()
                        && departed.userId().equals(t.createdBy()))
                .sorted(Comparator.comparing(Tokens.Token::tokenId))
                .map(t -> (TokenEvent) new TokenEvent.TokenCreatorDeparted(t.tokenId(), departed.userId()))
                .toList();
    }

    private static List<TokenEvent> issue(TokenCommand.Issue issue, Tokens tokens, KnownResources known,
                                          RoleCatalogue catalogue) {
        if (tokens.token(issue.tokenId()).isPresent()) {
            throw new DomainException(DomainException.Kind.CONFLICT, "tokenId", "Token " + issue.tokenId() + " exists");
        }
        String description = issue.description() == null ? "" : issue.description().trim();
        if (description.isEmpty() || description.length() > MAX_DESCRIPTION) {
            throw invalid("description", "must be 1-" + MAX_DESCRIPTION + " characters");
        }
        if (issue.expiresAt() != null && !issue.expiresAt().isAfter(issue.now())) {
            throw invalid("expiresAt", "must be in the future (got " + issue.expiresAt() + ")");
        }
        if (issue.createdBy() == null || issue.createdBy().isBlank()) {
            throw invalid("createdBy", "is required");
        }
        List<Grant> grants = grants(issue.workspaceId(), issue.access(), issue.permissions(), known, catalogue);
        return List.of(new TokenEvent.TokenIssued(issue.tokenId(), description, issue.access(), grants,
                issue.secretHash(), issue.createdBy(), issue.expiresAt()));
    }

    private static List<TokenEvent> rotate(TokenCommand.Rotate rotate, Tokens tokens) {
        Tokens.Token token = requireActive(rotate.tokenId(), tokens, rotate.now());
        Duration grace = rotate.grace() == null ? rotate.maxGrace() : rotate.grace();
        if (grace.isNegative()) {
            throw invalid("gracePeriodSeconds", "must not be negative");
        }
        if (grace.compareTo(rotate.maxGrace()) > 0) {
            throw invalid("gracePeriodSeconds", "must be at most " + rotate.maxGrace().toSeconds()
                    + " seconds (iam.tokens.rotation-grace)");
        }
        return List.of(new TokenEvent.TokenRotated(token.tokenId(), rotate.secretHash(), rotate.now().plus(grace)));
    }

    /** The grants of a token: none for OWNER access, at least one validated permission for MEMBER. */
    private static List<Grant> grants(String workspaceId, TokenEvent.Access access, List<PermissionRequest> permissions,
                                      KnownResources known, RoleCatalogue catalogue) {
        if (access == null) {
            throw invalid("access", "is required: OWNER or MEMBER");
        }
        for (int i = 0; i < permissions.size(); i++) {
            String roleId = permissions.get(i).roleId();
            boolean owner = roleId != null && catalogue.role(roleId).map(r -> r.kind() == RoleKind.OWNER).orElse(false);
            if (owner) {
                throw invalid("permissions[" + i + "].roleId", "Workspace Owner is not a permission of a token:"
                        + " issue the token with access OWNER instead");
            }
        }
        if (access == TokenEvent.Access.OWNER) {
            if (!permissions.isEmpty()) {
                throw invalid("permissions", "An OWNER token may do everything in its workspace: give no permissions");
            }
            return List.of();
        }
        if (permissions.isEmpty()) {
            throw invalid("permissions", "A MEMBER token needs at least one permission");
        }
        return GrantValidator.resolve(workspaceId, Subject.Type.TOKEN, permissions, "permissions", known, catalogue)
                .grants();
    }

    private static Tokens.Token requireActive(String tokenId, Tokens tokens, Instant now) {
        Tokens.Token token = require(tokenId, tokens);
        if (!token.activeAt(now)) {
            throw new DomainException(DomainException.Kind.CONFLICT, "tokenId", "Token " + tokenId + " is "
                    + token.statusAt(now).name().toLowerCase() + "; issue a new one");
        }
        return token;
    }

    private static Tokens.Token require(String tokenId, Tokens tokens) {
        return tokens.token(tokenId).orElseThrow(() -> new DomainException(DomainException.Kind.NOT_FOUND,
                "tokenId", "No token " + tokenId + " in this workspace"));
    }

    private static DomainException invalid(String field, String message) {
        return new DomainException(DomainException.Kind.INVALID, field, message);
    }
}
