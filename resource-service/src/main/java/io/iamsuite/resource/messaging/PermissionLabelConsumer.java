package io.iamsuite.resource.messaging;

import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.UnreadableEventException;
import io.iamsuite.resource.domain.PermissionLabels;
import io.iamsuite.resource.store.LabelUsageRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Learns which labels the permissions of users, groups, invites and tokens use from identity-service's and
 * token-service's events, so that a label in use there cannot be deleted. (This service's own events leave
 * through the event store's outbox relay.)
 */
@ApplicationScoped
public class PermissionLabelConsumer {
    /** Channel of identity-service's events. */
    public static final String IDENTITY_EVENTS = "identity-events";
    /** Channel of token-service's events. */
    public static final String TOKEN_EVENTS = "token-events";
    private static final Logger LOG = Logger.getLogger(PermissionLabelConsumer.class);
    private final EventCodec codec = EventCodec.standard();
    private final LabelUsageRepository usages;

    public PermissionLabelConsumer(LabelUsageRepository usages) {
        this.usages = usages;
    }

    @Incoming(IDENTITY_EVENTS)
    public Uni<Void> identity(String json) {
        return consume(json);
    }

    @Incoming(TOKEN_EVENTS)
    public Uni<Void> token(String json) {
        return consume(json);
    }

    private Uni<Void> consume(String json) {
        EventEnvelope envelope;
        try {
            envelope = codec.decode(json);
        } catch (UnreadableEventException e) {
            LOG.warnf("Skipping an unreadable event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        var change = PermissionLabels.changeOf(envelope.data());
        if (change.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // A database outage must not drop a usage (the channel would ack and move on): retry until it is
        // recorded; later events of the channel wait behind it, which keeps their order.
        return usages.apply(envelope, change.get())
                .onFailure().invoke(e -> LOG.warnf("Cannot record the label usage of %s yet, retrying: %s",
                        envelope.eventId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).indefinitely()
                .replaceWithVoid();
    }
}
