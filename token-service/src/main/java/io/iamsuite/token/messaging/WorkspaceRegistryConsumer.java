package io.iamsuite.token.messaging;

import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.UnreadableEventException;
import io.iamsuite.token.store.ResourceRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Learns which workspaces, resources and labels exist from resource-service's events (tokens are issued in known
 * workspaces; their permissions name known resources and labels).
 */
@ApplicationScoped
public class WorkspaceRegistryConsumer {
    private static final Logger LOG = Logger.getLogger(WorkspaceRegistryConsumer.class);
    private final EventCodec codec = EventCodec.standard();
    private final ResourceRegistry registry;

    public WorkspaceRegistryConsumer(ResourceRegistry registry) {
        this.registry = registry;
    }

    @Incoming("resource-events")
    public Uni<Void> consume(String json) {
        EventEnvelope envelope;
        try {
            envelope = codec.decode(json);
        } catch (UnreadableEventException e) {
            LOG.warnf("Skipping an unreadable resource event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (envelope.data() instanceof ResourceEvent) {
            // A database outage must not drop an event (the channel would ack and move on): retry until it is
            // recorded; later events wait behind it, which keeps their order.
            return registry.apply(envelope)
                    .onFailure().invoke(e -> LOG.warnf("Cannot record %s of workspace %s yet, retrying: %s",
                            envelope.eventType(), envelope.workspaceId(), e.getMessage()))
                    .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).indefinitely();
        }
        return Uni.createFrom().voidItem();
    }
}
