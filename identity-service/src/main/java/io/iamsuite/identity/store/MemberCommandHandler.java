package io.iamsuite.identity.store;

import io.iamsuite.registry.ResourceRegistry;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.identity.domain.ChangePermissions;
import io.iamsuite.identity.domain.InviteCommand;
import io.iamsuite.identity.domain.InviteDecider;
import io.iamsuite.identity.domain.Invites;
import io.iamsuite.identity.domain.PermissionDecider;
import io.iamsuite.identity.domain.Permissions;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Runs member commands: one transaction of lock, read, decide, append, update state. */
@ApplicationScoped
public class MemberCommandHandler {
    private final EventStore eventStore;
    private final MemberRepository members;
    private final GroupRepository groups;
    private final GrantRepository grants;
    private final ResourceRegistry registry;
    private final RoleCatalogue catalogue;
    private final InviteRepository invites;

    public MemberCommandHandler(EventStore eventStore, MemberRepository members, GroupRepository groups,
                                GrantRepository grants, ResourceRegistry registry, RoleCatalogue catalogue,
                                InviteRepository invites) {
        this.eventStore = eventStore;
        this.invites = invites;
        this.members = members;
        this.groups = groups;
        this.grants = grants;
        this.registry = registry;
        this.catalogue = catalogue;
    }

    /** The subject's grants after a permissions command, and the append. */
    public record PermissionsOutcome(List<Grant> grants, AppendResult append) {
    }

    /** Runs an invite command; the append's events tell what happened. */
    public Uni<AppendResult> invite(InviteCommand command, CommandMetadata metadata) {
        List<ResourceRef> named = new ArrayList<>();
        if (command instanceof InviteCommand.Create create) {
            create.invites().forEach(i -> i.permissions().forEach(p -> p.targets().stream()
                    .filter(t -> t.type() != null && t.id() != null && t.type() != ResourceType.WORKSPACE)
                    .forEach(t -> named.add(new ResourceRef(t.type(), t.id())))));
        }
        return run(command.workspaceId(), session -> registry.known(session, command.workspaceId(), named),
                (state, known) -> InviteDecider.decide(command, state.members(), state.groups(), state.invites(),
                        known, catalogue), metadata);
    }

    /** Adds or replaces the permissions of a user or group (validated against catalogue and registry). */
    public Uni<PermissionsOutcome> permissions(ChangePermissions command, CommandMetadata metadata) {
        List<ResourceRef> named = command.permissions().stream()
                .flatMap(p -> p.targets().stream())
                .filter(t -> t.type() != null && t.id() != null && t.type() != ResourceType.WORKSPACE)
                .map(t -> new ResourceRef(t.type(), t.id()))
                .distinct().toList();
        return run(command.workspaceId(), session -> registry.known(session, command.workspaceId(), named),
                (state, known) -> PermissionDecider.decide(command, state.members(), state.groups(),
                        state.permissions(), known, catalogue), metadata)
                .chain(result -> eventStore.inTransaction(session ->
                                grants.of(session, command.workspaceId(), command.subject()))
                        .map(held -> new PermissionsOutcome(held, result)));
    }

    /** The group a command is about, as stored after it (null if deleted), and the append. */
    public record GroupOutcome(GroupRepository.Summary group, List<Grant> grants, AppendResult append) {
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
        return run(command.workspaceId(), state -> GroupDecider.decide(command, state.members(), state.groups(),
                        state.invites(), Instant.now()),
                metadata)
                .chain(result -> eventStore.inTransaction(session -> groups.summary(session, command.workspaceId(), groupId)
                                .chain(summary -> grants.of(session, command.workspaceId(), Subject.group(groupId))
                                        .map(held -> new GroupOutcome(summary, held, result)))));
    }

    private Uni<Outcome> member(String workspaceId, String userId, AppendResult result) {
        return eventStore.inTransaction(session -> members.find(session, workspaceId, userId))
                .map(member -> new Outcome(member, result));
    }

    private record State(MemberRepository.Loaded loadedMembers, GroupRepository.Loaded loadedGroups,
                         Permissions permissions, InviteRepository.Loaded loadedInvites, Groups groups) {
        WorkspaceMembers members() {
            return loadedMembers.state();
        }

        Invites invites() {
            return loadedInvites.invites();
        }

        long versionOf(String streamId) {
            String[] parts = streamId.split(":", 3);
            if ("member".equals(parts[0])) {
                return loadedMembers.versionOf(parts[2]);
            }
            if ("invite".equals(parts[0])) {
                return loadedInvites.versionOf(parts[2]);
            }
            return loadedGroups.versionOf(parts[2]);
        }
    }

    /** The groups with the invites each holds. */
    private static Groups withInvites(Groups groups, Map<String, List<String>> held) {
        Map<String, Groups.Group> merged = new LinkedHashMap<>();
        groups.groups().forEach((id, g) -> merged.put(id, new Groups.Group(id, g.name(), g.memberIds(),
                new java.util.HashSet<>(held.getOrDefault(id, List.of())))));
        return new Groups(merged);
    }

    private Uni<AppendResult> run(String workspaceId, Function<State, List<IdentityEvent>> decide,
                                  CommandMetadata metadata) {
        return run(workspaceId, session -> Uni.createFrom().nullItem(), (state, nothing) -> decide.apply(state), metadata);
    }

    /** Lock the workspace, load its state and {@code extra}, decide, append, update the state tables. */
    private <X> Uni<AppendResult> run(String workspaceId, Function<Mutiny.Session, Uni<X>> extra,
                                      BiFunction<State, X, List<IdentityEvent>> decide, CommandMetadata metadata) {
        return eventStore.inTransaction(session -> eventStore.lockWorkspace(session, workspaceId)
                .chain(() -> members.load(session, workspaceId))
                .chain(loadedMembers -> groups.load(session, workspaceId)
                        .chain(loadedGroups -> grants.load(session, workspaceId)
                                .chain(permissions -> invites.load(session, workspaceId)
                                        .chain(loadedInvites -> invites.heldByGroups(session, workspaceId)
                                                .map(held -> new State(loadedMembers, loadedGroups, permissions,
                                                        loadedInvites, withInvites(loadedGroups.groups(), held)))))))
                .chain(state -> extra.apply(session).chain(x -> {
                    List<IdentityEvent> events = decide.apply(state, x);
                    return eventStore.append(session, workspaceId, streams(workspaceId, events, state), metadata)
                            .call(result -> applyAll(session, workspaceId, result));
                })));
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
            long version = envelope.streamVersion();
            if (event instanceof IdentityEvent.RoleGranted || event instanceof IdentityEvent.RoleRevoked) {
                chain = chain.chain(() -> grants.apply(session, workspaceId, event, version));
                continue;
            }
            if (envelope.streamId().startsWith("invite:") || event instanceof IdentityEvent.GroupInviteAdded
                    || event instanceof IdentityEvent.GroupInviteRemoved) {
                chain = chain.chain(() -> invites.apply(session, workspaceId, event, version));
                continue;
            }
            chain = chain.chain(() -> envelope.streamId().startsWith("group:")
                    ? groups.apply(session, workspaceId, event, version)
                    : members.apply(session, workspaceId, event, version));
            if (event instanceof IdentityEvent.MemberRemoved || event instanceof IdentityEvent.GroupDeleted) {
                chain = chain.chain(() -> grants.apply(session, workspaceId, event, version));
            }
        }
        return chain;
    }
}
