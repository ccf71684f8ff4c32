package io.iamsuite.identity.store;

import io.iamsuite.events.IdentityEvent;
import io.iamsuite.eventstore.AppendResult;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.eventstore.StreamAppend;
import io.iamsuite.identity.domain.AddMember;
import io.iamsuite.identity.domain.ChangeMemberRole;
import io.iamsuite.identity.domain.MemberDecider;
import io.iamsuite.identity.domain.RemoveMembers;
import io.iamsuite.identity.domain.WorkspaceMembers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Runs member commands: one transaction of lock, read, decide, append, update state. */
@ApplicationScoped
public class MemberCommandHandler {
    private final EventStore eventStore;
    private final MemberRepository members;

    public MemberCommandHandler(EventStore eventStore, MemberRepository members) {
        this.eventStore = eventStore;
        this.members = members;
    }

    /** The member a command is about, as stored after it (null if removed), and the append. */
    public record Outcome(MemberRecord member, AppendResult append) {
    }

    public Uni<Outcome> addMember(AddMember command, CommandMetadata metadata) {
        return run(command.workspaceId(), state -> MemberDecider.decide(command, state), command.userId(), metadata);
    }

    public Uni<Outcome> changeRole(ChangeMemberRole command, CommandMetadata metadata) {
        return run(command.workspaceId(), state -> MemberDecider.decide(command, state), command.userId(), metadata);
    }

    public Uni<Outcome> removeMembers(RemoveMembers command, CommandMetadata metadata) {
        return run(command.workspaceId(), state -> MemberDecider.decide(command, state), null, metadata);
    }

    private Uni<Outcome> run(String workspaceId, Function<WorkspaceMembers, List<IdentityEvent>> decide,
                             String subjectUserId, CommandMetadata metadata) {
        return eventStore.inTransaction(session -> eventStore.lockWorkspace(session, workspaceId)
                .chain(() -> members.load(session, workspaceId))
                .chain(loaded -> {
                    List<IdentityEvent> events = decide.apply(loaded.state());
                    return eventStore.append(session, workspaceId, streams(workspaceId, events, loaded), metadata)
                            .call(result -> applyAll(session, workspaceId, result));
                })
                .chain(result -> subjectUserId == null
                        ? Uni.createFrom().item(new Outcome(null, result))
                        : members.find(session, workspaceId, subjectUserId).map(member -> new Outcome(member, result))));
    }

    /** One stream per member, each appended at the version the decision was made on. */
    private static List<StreamAppend> streams(String workspaceId, List<IdentityEvent> events,
                                              MemberRepository.Loaded loaded) {
        Map<String, List<IdentityEvent>> byUser = new LinkedHashMap<>();
        for (IdentityEvent event : events) {
            byUser.computeIfAbsent(userIdOf(event), id -> new ArrayList<>()).add(event);
        }
        List<StreamAppend> appends = new ArrayList<>();
        byUser.forEach((userId, userEvents) -> appends.add(new StreamAppend(
                MemberDecider.streamId(workspaceId, userId), loaded.versionOf(userId), userEvents)));
        return appends;
    }

    private static String userIdOf(IdentityEvent event) {
        if (event instanceof IdentityEvent.MemberAdded e) {
            return e.userId();
        }
        if (event instanceof IdentityEvent.MemberRoleChanged e) {
            return e.userId();
        }
        if (event instanceof IdentityEvent.MemberRemoved e) {
            return e.userId();
        }
        throw new IllegalArgumentException("not a member event: " + event.eventType());
    }

    private Uni<Void> applyAll(Mutiny.Session session, String workspaceId, AppendResult result) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var envelope : result.events()) {
            chain = chain.chain(() -> members.apply(session, workspaceId, (IdentityEvent) envelope.data(),
                    envelope.streamVersion()));
        }
        return chain;
    }
}
