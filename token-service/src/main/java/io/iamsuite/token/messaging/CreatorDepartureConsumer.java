package io.iamsuite.token.messaging;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.UnreadableEventException;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.token.domain.TokenCommand;
import io.iamsuite.token.store.TokenCommandHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Flags the tokens of a user who left the workspace (identity-service's {@code member-removed}): the tokens keep
 * working, but listings show {@code creatorDeparted} so an owner can review them. Redelivery is harmless: a flagged
 * token is not flagged again.
 */
@ApplicationScoped
public class CreatorDepartureConsumer {
    private static final Logger LOG = Logger.getLogger(CreatorDepartureConsumer.class);
    private final EventCodec codec = EventCodec.standard();
    private final TokenCommandHandler handler;

    public CreatorDepartureConsumer(TokenCommandHandler handler) {
        this.handler = handler;
    }

    @Incoming("identity-events")
    public Uni<Void> consume(String json) {
        EventEnvelope envelope;
        try {
            envelope = codec.decode(json);
        } catch (UnreadableEventException e) {
            LOG.warnf("Skipping an unreadable identity event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (!(envelope.data() instanceof IdentityEvent.MemberRemoved removed)) {
            return Uni.createFrom().voidItem();
        }
        var command = new TokenCommand.CreatorDeparted(envelope.workspaceId(), removed.userId());
        return handler.handle(command, new CommandMetadata(Actor.system(), envelope.requestId()))
                .replaceWithVoid()
                // A workspace token-service never heard of holds no tokens: nothing to flag.
                .onFailure(DomainException.class).recoverWithNull()
                .onFailure().invoke(e -> LOG.warnf("Cannot flag the tokens of %s in workspace %s yet, retrying: %s",
                        removed.userId(), envelope.workspaceId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).indefinitely();
    }
}
