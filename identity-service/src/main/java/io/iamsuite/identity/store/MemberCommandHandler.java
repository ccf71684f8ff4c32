package io.iamsuite.identity.store;

import io.iamsuite.events.IdentityEvent;
import io.iamsuite.eventstore.AppendResult;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.eventstore.ExpectedVersion;
import io.iamsuite.eventstore.StreamAppend;
import io.iamsuite.identity.domain.AddMember;
import io.iamsuite.identity.domain.MemberDecider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;


/** Runs member commands: one transaction of lock, read, decide, append, update state. */
@ApplicationScoped
public class MemberCommandHandler {
    private final EventStore eventStore;
    private final MemberRepository members;

    public MemberCommandHandler(EventStore eventStore, MemberRepository members) {
        this.eventStore = eventStore;
        this.members = members;
    }

    public record Added(MemberRecord member, AppendResult append) {
    }

    public Uni<Added> addMember(AddMember command, CommandMetadata metadata) {
        String streamId = MemberDecider.streamId(command.workspaceId(), command.userId());
        return eventStore.inTransaction(session -> eventStore.lockWorkspace(session, command.workspaceId())
                .chain(() -> members.workspaceMembers(session, command.workspaceId()))
                .map(state -> MemberDecider.decide(command, state))
                .chain(events -> eventStore.append(session, command.workspaceId(),
                        new StreamAppend(streamId, ExpectedVersion.NO_STREAM, events), metadata))
                .chain(result -> applyAll(session, command.workspaceId(), result)
                        .chain(() -> members.find(session, command.workspaceId(), command.userId()))
                        .map(member -> new Added(member, result))));
    }

    private Uni<Void> applyAll(org.hibernate.reactive.mutiny.Mutiny.Session session, String workspaceId,
                               AppendResult result) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var envelope : result.events()) {
            chain = chain.chain(() -> members.apply(session, workspaceId, (IdentityEvent) envelope.data(),
                    envelope.streamVersion()));
        }
        return chain;
    }

}
