package io.iamsuite.registry;

import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.UnreadableEventException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Feeds the {@link ResourceRegistry} from resource-service's events (channel {@code resource-events}, which the
 * service configures: topic {@code <ns>.resource.events.v1}, its own consumer group, earliest offset).
 */
@ApplicationScoped
public class ResourceRegistryConsumer {
    private static final Logger LOG = Logger.getLogger(ResourceRegistryConsumer.class);
    private final EventCodec codec = EventCodec.standard();
    private final ResourceRegistry registry;

    public ResourceRegistryConsumer(ResourceRegistry registry) {
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
