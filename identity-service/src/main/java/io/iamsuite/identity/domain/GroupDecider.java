package io.iamsuite.identity.domain;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.IdentityEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules of user groups: names unique per workspace in any case; members are named by email and are
 * members of the workspace or pending invites (Segment: "adds a list of users or invites to a user group").
 * Deleting a group ends its memberships and invite memberships without separate events.
 */
public final class GroupDecider {
    private GroupDecider() {
    }

    public static String streamId(String workspaceId, String groupId) {
        return "group:" + workspaceId + ":" + groupId;
    }

    public static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    public static List<IdentityEvent> decide(GroupCommand command, WorkspaceMembers members, Groups groups) {
        return decide(command, members, groups, Invites.empty(), Instant.now());
    }

    public static List<IdentityEvent> decide(GroupCommand command, WorkspaceMembers members, Groups groups,
                                             Invites invites, Instant now) {
        if (!members.workspaceExists()) {
            throw new DomainException(DomainException.Kind.NOT_FOUND, "workspaceId",
                    "Workspace " + command.workspaceId() + " does not exist");
        }
        if (command instanceof GroupCommand.Create create) {
            requireFreeName(create.name(), null, groups);
            return List.of(new IdentityEvent.GroupCreated(create.groupId(), create.name()));
        }
        Groups.Group group = groups.group(groupIdOf(command)).orElseThrow(() -> new DomainException(
                DomainException.Kind.NOT_FOUND, "groupId", "Group " + groupIdOf(command) + " does not exist"));
        if (command instanceof GroupCommand.Rename rename) {
            if (rename.name().equals(group.name())) {
                return List.of();
            }
            requireFreeName(rename.name(), group.groupId(), groups);
            return List.of(new IdentityEvent.GroupRenamed(group.groupId(), rename.name()));
        }
        if (command instanceof GroupCommand.Delete) {
            return List.of(new IdentityEvent.GroupDeleted(group.groupId()));
        }
        if (command instanceof GroupCommand.AddMembers add) {
            Named named = named(add.emails(), members, invites, now);
            List<IdentityEvent> events = new ArrayList<>();
            named.userIds().stream().filter(id -> !group.memberIds().contains(id))
                    .forEach(id -> events.add(new IdentityEvent.GroupMemberAdded(group.groupId(), id)));
            named.invites().stream().filter(i -> !group.inviteIds().contains(i.inviteId()))
                    .forEach(i -> events.add(new IdentityEvent.GroupInviteAdded(group.groupId(), i.inviteId(), i.email())));
            return events;
        }
        if (command instanceof GroupCommand.RemoveMembers remove) {
            Named named = named(remove.emails(), members, invites, now);
            List<IdentityEvent> events = new ArrayList<>();
            named.userIds().stream().filter(id -> group.memberIds().contains(id))
                    .forEach(id -> events.add(new IdentityEvent.GroupMemberRemoved(group.groupId(), id)));
            named.invites().stream().filter(i -> group.inviteIds().contains(i.inviteId()))
                    .forEach(i -> events.add(new IdentityEvent.GroupInviteRemoved(group.groupId(), i.inviteId(), i.email())));
            return events;
        }
        GroupCommand.ReplaceMembers replace = (GroupCommand.ReplaceMembers) command;
        Named wanted = named(replace.emails(), members, invites, now);
        Set<String> wantedInvites = new LinkedHashSet<>();
        wanted.invites().forEach(i -> wantedInvites.add(i.inviteId()));
        List<IdentityEvent> events = new ArrayList<>();
        group.memberIds().stream().filter(id -> !wanted.userIds().contains(id)).sorted()
                .forEach(id -> events.add(new IdentityEvent.GroupMemberRemoved(group.groupId(), id)));
        group.inviteIds().stream().filter(id -> !wantedInvites.contains(id)).sorted()
                .forEach(id -> events.add(new IdentityEvent.GroupInviteRemoved(group.groupId(), id,
                        invites.invite(id).map(Invites.Invite::email).orElse(""))));
        wanted.userIds().stream().filter(id -> !group.memberIds().contains(id))
                .forEach(id -> events.add(new IdentityEvent.GroupMemberAdded(group.groupId(), id)));
        wanted.invites().stream().filter(i -> !group.inviteIds().contains(i.inviteId()))
                .forEach(i -> events.add(new IdentityEvent.GroupInviteAdded(group.groupId(), i.inviteId(), i.email())));
        return events;
    }

    private static void requireFreeName(String name, String exceptGroupId, Groups groups) {
        if (groups.nameInUse(name, exceptGroupId)) {
            throw new DomainException(DomainException.Kind.CONFLICT, "name",
                    "A group named " + name + " already exists in this workspace");
        }
    }

    /** The members behind the emails, in the order given; every email must belong to a member. */
    /** Emails resolved to members (user ids) and pending invites, in request order. */
    private record Named(Set<String> userIds, List<Invites.Invite> invites) {
    }

    private static Named named(List<String> emails, WorkspaceMembers members, Invites invites, Instant now) {
        Set<String> ids = new LinkedHashSet<>();
        Map<String, Invites.Invite> pending = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String email : emails) {
            var member = members.members().values().stream()
                    .filter(m -> MemberDecider.normalise(m.email()).equals(MemberDecider.normalise(email)))
                    .findFirst();
            if (member.isPresent()) {
                ids.add(member.get().userId());
                continue;
            }
            var invite = invites.openFor(email).filter(i -> i.pendingAt(now));
            if (invite.isPresent()) {
                pending.putIfAbsent(invite.get().inviteId(), invite.get());
            } else {
                unknown.add(email);
            }
        }
        if (!unknown.isEmpty()) {
            throw new DomainException(DomainException.Kind.NOT_FOUND, "emails",
                    "Neither members nor invited to this workspace: " + String.join(", ", unknown));
        }
        return new Named(ids, List.copyOf(pending.values()));
    }

    private static String groupIdOf(GroupCommand command) {
        if (command instanceof GroupCommand.Rename c) {
            return c.groupId();
        }
        if (command instanceof GroupCommand.Delete c) {
            return c.groupId();
        }
        if (command instanceof GroupCommand.AddMembers c) {
            return c.groupId();
        }
        if (command instanceof GroupCommand.RemoveMembers c) {
            return c.groupId();
        }
        if (command instanceof GroupCommand.ReplaceMembers c) {
            return c.groupId();
        }
        return ((GroupCommand.Create) command).groupId();
    }
}
