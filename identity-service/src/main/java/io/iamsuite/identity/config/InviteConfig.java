package io.iamsuite.identity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Invites: how long one stays valid, and how often expired ones are recorded as such. */
@ConfigMapping(prefix = "iam.invites")
public interface InviteConfig {
    /** Validity of a new or resent invite ({@code IAM_INVITES_TTL}; ISO-8601, e.g. P7D, PT1H). */
    @WithDefault("P7D")
    Duration ttl();

    /** How often the expiry sweeper runs ({@code IAM_INVITES_SWEEP_INTERVAL}; read by its @Scheduled). */
    @WithDefault("60s")
    Duration sweepInterval();
}
