package io.iamsuite.identity.domain;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.IdentityEvent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules of user groups: names unique per workspace in any case, members are members of the workspace
 * named by email (pending invites join groups with the invites work).
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
            List<IdentityEvent> events = new ArrayList<>();
            for (String userId : userIds(add.emails(), members)) {
                if (!group.memberIds().contains(userId)) {
                    events.add(new IdentityEvent.GroupMemberAdded(group.groupId(), userId));
                }
            }
            return events;
        }
        if (command instanceof GroupCommand.RemoveMembers remove) {
            List<IdentityEvent> events = new ArrayList<>();
            for (String userId : userIds(remove.emails(), members)) {
                if (group.memberIds().contains(userId)) {
                    events.add(new IdentityEvent.GroupMemberRemoved(group.groupId(), userId));
                }
            }
            return events;
        }
        GroupCommand.ReplaceMembers replace = (GroupCommand.ReplaceMembers) command;
        Set<String> wanted = userIds(replace.emails(), members);
        List<IdentityEvent> events = new ArrayList<>();
        group.memberIds().stream().filter(id -> !wanted.contains(id)).sorted()
                .forEach(id -> events.add(new IdentityEvent.GroupMemberRemoved(group.groupId(), id)));
        wanted.stream().filter(id -> !group.memberIds().contains(id))
                .forEach(id -> events.add(new IdentityEvent.GroupMemberAdded(group.groupId(), id)));
        return events;
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

    private static void requireFreeName(String name, String exceptGroupId, Groups groups) {
        if (groups.nameInUse(name, exceptGroupId)) {
            throw new DomainException(DomainException.Kind.CONFLICT, "name",
                    "A group named " + name + " already exists in this workspace");
        }
    }

    /** The members behind the emails, in the order given; every email must belong to a member. */
    private static Set<String> userIds(List<String> emails, WorkspaceMembers members) {
        Set<String> ids = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String email : emails) {
            members.members().values().stream()
                    .filter(m -> MemberDecider.normalise(m.email()).equals(MemberDecider.normalise(email)))
                    .findFirst()
                    .ifPresentOrElse(m -> ids.add(m.userId()), () -> unknown.add(email));
        }
        if (!unknown.isEmpty()) {
            throw new DomainException(DomainException.Kind.NOT_FOUND, "emails",
                    "Not members of this workspace: " + String.join(", ", unknown));
        }
        return ids;
    }
}
