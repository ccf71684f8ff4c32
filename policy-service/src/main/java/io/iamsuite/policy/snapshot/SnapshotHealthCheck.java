package io.iamsuite.policy.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;

/**
 * What the snapshots say (always up: a missing or failing snapshot only makes the next start slower; readiness
 * itself is the projection's): the snapshot the projection started from, the age and size of the newest, the load
 * time and the last error.
 */
@Readiness
@ApplicationScoped
public class SnapshotHealthCheck implements HealthCheck {
    private final Snapshots snapshots;

    public SnapshotHealthCheck(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public HealthCheckResponse call() {
        Instant taken = snapshots.lastTakenAt();
        return HealthCheckResponse.named("projection-snapshots")
                .withData("enabled", snapshots.enabled())
                .withData("restoredFrom", snapshots.restoredFrom() == null ? "none (replayed the log)"
                        : "#" + snapshots.restoredFrom())
                .withData("loadMillis", snapshots.loadMillis())
                .withData("latestAgeSeconds", taken == null ? -1 : Duration.between(taken, Instant.now()).toSeconds())
                .withData("latestSizeBytes", snapshots.lastSize())
                .withData("lastError", snapshots.lastError() == null ? "none" : snapshots.lastError())
                .up().build();
    }
}
