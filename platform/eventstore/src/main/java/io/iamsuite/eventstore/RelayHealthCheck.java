package io.iamsuite.eventstore;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The relay's state. Writes keep being accepted while Kafka is away (they wait in the log), so a paused
 * relay does not make the service unready; it shows here with its last error.
 */
@Liveness
@ApplicationScoped
public class RelayHealthCheck implements HealthCheck {
    private final OutboxRelay relay;
    private final EventStoreConfig config;

    public RelayHealthCheck(OutboxRelay relay, EventStoreConfig config) {
        this.relay = relay;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("outbox-relay")
                .withData("enabled", config.relay().enabled())
                .withData("published", relay.publishedCount())
                .withData("lastError", relay.lastError() == null ? "none" : relay.lastError());
        return (!config.relay().enabled() || relay.isRunning() ? response.up() : response.down()).build();
    }
}
