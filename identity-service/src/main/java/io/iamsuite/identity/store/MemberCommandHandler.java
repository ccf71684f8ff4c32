package io.iamsuite.identity.store;

import io.iamsuite.events.IdentityEvent;
import io.iamsuite.eventstore.AppendResult;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.eventstore.StreamAppend;
import io.iamsuite.identity.domain.AddMember;
import io.iamsuite.identity.domain.ChangeMemberRole;
import io.iamsuite.identity.domain.GroupCommand;
import io.iamsuite.identity.domain.GroupDecider;
import io.iamsuite.identity.domain.Groups;
import io.iamsuite.identity.domain.IdentityStreams;
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
    private final GroupRepository groups;

    public MemberCommandHandler(EventStore eventStore, MemberRepository members, GroupRepository groups) {
        this.eventStore = eventStore;
        this.members = members;
        this.groups = groups;
    }

    /** The group a command is about, as stored after it (null if deleted), and the append. */
    public record GroupOutcome(GroupRepository.Summary group, AppendResult append) {
    }

    /** The member a command is about, as stored after it (null if removed), and the append. */
    public record Outcome(MemberRecord member, AppendResult append) {
    }

    public Uni<Outcome> addMember(AddMember command, CommandMetadata metadata) {
        return run(command.workspaceId(), state -> MemberDecider.decide(command, state.members()), metadata)
                .chain(result -> member(command.workspaceId(), command.userId(), result));
    }

    public Uni<Outcome> changeRole(ChangeMemberRole command, CommandMetadata metadata) {
        return run(command.workspaceId(), state -> MemberDecider.decide(command, state.members()), metadata)
                .chain(result -> member(command.workspaceId(), command.userId(), result));
    }

    public Uni<Outcome> removeMembers(RemoveMembers command, CommandMetadata metadata) {
        return run(command.workspaceId(), state -> MemberDecider.decide(command, state.members(), state.groups()),
                metadata).map(result -> new Outcome(null, result));
    }

    public Uni<GroupOutcome> group(GroupCommand command, String groupId, CommandMetadata metadata) {
        return run(command.workspaceId(), state -> GroupDecider.decide(command, state.members(), state.groups()),
                metadata)
                .chain(result -> eventStore.inTransaction(session -> groups.summary(session, command.workspaceId(), groupId))
                        .map(summary -> new GroupOutcome(summary, result)));
    }

    private Uni<Outcome> member(String workspaceId, String userId, AppendResult result) {
        return eventStore.inTransaction(session -> members.find(session, workspaceId, userId))
                .map(member -> new Outcome(member, result));
    }

    private record State(MemberRepository.Loaded loadedMembers, GroupRepository.Loaded loadedGroups) {
        WorkspaceMembers members() {
            return loadedMembers.state();
        }

        Groups groups() {
            return loadedGroups.groups();
        }

        long versionOf(String streamId) {
            String[] parts = streamId.split(":", 3);
            return "member".equals(parts[0]) ? loadedMembers.versionOf(parts[2]) : loadedGroups.versionOf(parts[2]);
        }
    }

    private Uni<AppendResult> run(String workspaceId, Function<State, List<IdentityEvent>> decide,
                                  CommandMetadata metadata) {
        return eventStore.inTransaction(session -> eventStore.lockWorkspace(session, workspaceId)
                .chain(() -> members.load(session, workspaceId))
                .chain(loadedMembers -> groups.load(session, workspaceId)
                        .map(loadedGroups -> new State(loadedMembers, loadedGroups)))
                .chain(state -> {
                    List<IdentityEvent> events = decide.apply(state);
                    return eventStore.append(session, workspaceId, streams(workspaceId, events, state), metadata)
                            .call(result -> applyAll(session, workspaceId, result));
                }));
    }

    /** One stream per member or group, each appended at the version the decision was made on. */
    private static List<StreamAppend> streams(String workspaceId, List<IdentityEvent> events, State state) {
        Map<String, List<IdentityEvent>> byStream = new LinkedHashMap<>();
        for (IdentityEvent event : events) {
            byStream.computeIfAbsent(IdentityStreams.of(workspaceId, event), id -> new ArrayList<>()).add(event);
        }
        List<StreamAppend> appends = new ArrayList<>();
        byStream.forEach((streamId, streamEvents) ->
                appends.add(new StreamAppend(streamId, state.versionOf(streamId), streamEvents)));
        return appends;
    }

    private Uni<Void> applyAll(Mutiny.Session session, String workspaceId, AppendResult result) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var envelope : result.events()) {
            IdentityEvent event = (IdentityEvent) envelope.data();
            chain = chain.chain(() -> envelope.streamId().startsWith("group:")
                    ? groups.apply(session, workspaceId, event, envelope.streamVersion())
                    : members.apply(session, workspaceId, event, envelope.streamVersion()));
        }
        return chain;
    }
}
