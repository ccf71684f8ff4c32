package io.iamsuite.policy.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the projection holds everything the topics held at start. */
@Readiness
@ApplicationScoped
public class ProjectionHealthCheck implements HealthCheck {
    private final ProjectionConsumer consumer;

    public ProjectionHealthCheck(ProjectionConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("projection")
                .withData("caughtUp", consumer.caughtUp())
                .withData("deadLetters", consumer.deadLetters())
                .withData("lastError", consumer.lastError() == null ? "none" : consumer.lastError());
        return (consumer.caughtUp() ? response.up() : response.down()).build();
    }
}
