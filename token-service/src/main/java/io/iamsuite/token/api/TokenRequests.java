package io.iamsuite.token.api;

import io.iamsuite.catalogue.PermissionsInput;
import io.iamsuite.events.TokenEvent;

import java.time.Instant;
import java.util.List;

/** Bodies of the token operations (unknown fields are refused, as everywhere). */
final class TokenRequests {
    private TokenRequests() {
    }

    /** Issue: MEMBER access needs permissions, OWNER takes none; {@code expiresAt} (ISO-8601) is optional. */
    record Issue(String description, TokenEvent.Access access, List<PermissionsInput.PermissionInput> permissions,
                 Instant expiresAt) {
    }

    /** Rotate: the old secret stays valid for {@code gracePeriodSeconds} (default and maximum: the configured grace). */
    record Rotate(Long gracePeriodSeconds) {
    }

    /** Replace permissions; {@code access} absent keeps the token's. */
    record ReplacePermissions(TokenEvent.Access access, List<PermissionsInput.PermissionInput> permissions) {
    }

    record Introspect(String secret) {
    }

    /** The first owner token of the installation. */
    record Bootstrap(String workspaceId, String ownerUserId, String description) {
    }
}
