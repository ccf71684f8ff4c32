package io.iamsuite.identity.messaging;

import io.iamsuite.events.Actor;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.identity.domain.InviteCommand;
import io.iamsuite.identity.store.InviteRepository;
import io.iamsuite.identity.store.MemberCommandHandler;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Records {@code InviteExpired} (and the invite leaving its groups) for pending invites whose time is up. An
 * expired invite is refused and hidden from listings from its expiry on, whether or not the sweeper has run;
 * the sweeper makes the event log say so.
 */
@ApplicationScoped
public class InviteExpirySweeper {
    private static final Logger LOG = Logger.getLogger(InviteExpirySweeper.class);
    private static final int WORKSPACES_PER_RUN = 500;

    private final InviteRepository invites;
    private final MemberCommandHandler handler;

    public InviteExpirySweeper(InviteRepository invites, MemberCommandHandler handler) {
        this.invites = invites;
        this.handler = handler;
    }

    @Scheduled(every = "${iam.invites.sweep-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return sweepAt(Instant.now()).replaceWithVoid();
    }

    /** Expires what is due at {@code now}; answers how many workspaces had something to expire. */
    public Uni<Integer> sweepAt(Instant now) {
        return invites.workspacesWithDueInvites(now, WORKSPACES_PER_RUN)
                .chain(workspaces -> Multi.createFrom().iterable(workspaces)
                        .onItem().transformToUniAndConcatenate(ws -> handler.invite(new InviteCommand.ExpireDue(ws, now),
                                        new CommandMetadata(Actor.system(), "invite-expiry"))
                                .onFailure().recoverWithItem(e -> {
                                    LOG.warnf("Could not expire the invites of workspace %s (next run retries): %s",
                                            ws, e.getMessage());
                                    return null;
                                }))
                        .collect().asList()
                        .map(done -> workspaces.size()));
    }
}
