package io.iamsuite.token.messaging;

import io.iamsuite.events.Actor;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.token.domain.TokenCommand;
import io.iamsuite.token.store.TokenCommandHandler;
import io.iamsuite.token.store.TokenRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Records {@code TokenExpired} for active tokens whose expiry has passed. A token is refused from its expiry on
 * (introspection and every service's directory compare {@code expiresAt} themselves); the sweeper makes the event
 * log and the listings say so.
 */
@ApplicationScoped
public class TokenExpirySweeper {
    private static final Logger LOG = Logger.getLogger(TokenExpirySweeper.class);
    private static final int WORKSPACES_PER_RUN = 500;

    private final TokenRepository tokens;
    private final TokenCommandHandler handler;

    public TokenExpirySweeper(TokenRepository tokens, TokenCommandHandler handler) {
        this.tokens = tokens;
        this.handler = handler;
    }

    @Scheduled(every = "${iam.tokens.sweep-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return sweepAt(Instant.now()).replaceWithVoid();
    }

    /** Expires what is due at {@code now}; answers how many workspaces had something to expire. */
    public Uni<Integer> sweepAt(Instant now) {
        return tokens.workspacesWithDueTokens(now, WORKSPACES_PER_RUN)
                .chain(workspaces -> Multi.createFrom().iterable(workspaces)
                        .onItem().transformToUniAndConcatenate(ws -> handler.handle(new TokenCommand.ExpireDue(ws, now),
                                        new CommandMetadata(Actor.system(), "token-expiry"))
                                .onFailure().recoverWithItem(e -> {
                                    LOG.warnf("Could not expire the tokens of workspace %s (next run retries): %s",
                                            ws, e.getMessage());
                                    return null;
                                }))
                        .collect().asList()
                        .map(done -> workspaces.size()));
    }
}
