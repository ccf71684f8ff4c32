package io.iamsuite.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** Authentication and authorization of every service's API ({@code iam.auth.*}). */
@ConfigMapping(prefix = "iam.auth")
public interface AuthConfig {
    /**
     * SHA-256 (hex) of the operator secret ({@code IAM_AUTH_OPERATOR_SECRET_HASH}): the platform team's credential
     * for provisioning (create workspaces, act in any workspace). Absent: no operator.
     */
    Optional<String> operatorSecretHash();

    /** Answer 401 instead of 403 for a known token without the permission, as Segment does. */
    @WithDefault("false")
    boolean segmentStatus();

    /** Path prefixes served without a token (OpenAPI; health and metrics live on the management port). */
    @WithDefault("/q/")
    List<String> openPaths();

    /**
     * Path prefixes that are the same in every workspace (not rewritten under {@code /workspaces/{id}}); every other
     * path without {@code /workspaces/} is Segment's workspace-less form and is served for the token's workspace.
     */
    @WithDefault("/roles,/policy/")
    List<String> globalPaths();

    RateLimit rateLimit();

    interface RateLimit {
        /** Writes (POST, PUT, PATCH, DELETE) one token may make per minute; 0 turns the limit off. */
        @WithDefault("600")
        int writesPerMinute();
    }
}
