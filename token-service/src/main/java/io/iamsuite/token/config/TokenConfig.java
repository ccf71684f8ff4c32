package io.iamsuite.token.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** API tokens: rotation grace, last-used batching, expiry sweeping. */
@ConfigMapping(prefix = "iam.tokens")
public interface TokenConfig {
    /**
     * How long the secret a rotation replaces stays valid ({@code IAM_TOKENS_ROTATION_GRACE}; ISO-8601 or 60s); a
     * rotation may ask for less, never more.
     */
    @WithDefault("PT1H")
    Duration rotationGrace();

    /** How often the last-used times gathered in memory are written, in one statement ({@code IAM_TOKENS_LAST_USED_FLUSH}). */
    @WithDefault("10s")
    Duration lastUsedFlush();

    /** How often tokens past their expiry are recorded as expired ({@code IAM_TOKENS_SWEEP_INTERVAL}). */
    @WithDefault("60s")
    Duration sweepInterval();
}
