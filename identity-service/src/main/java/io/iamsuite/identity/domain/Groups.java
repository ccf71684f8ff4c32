package io.iamsuite.identity.domain;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.IdentityEvent;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The user groups of a workspace as the group rules see them: names and members. */
public record Groups(Map<String, Group> groups) {
    /** A group: its members (user ids) and the pending invites it holds (invite ids). */
    public record Group(String groupId, String name, Set<String> memberIds, Set<String> inviteIds) {
        public Group {
            memberIds = Set.copyOf(memberIds);
            inviteIds = Set.copyOf(inviteIds);
        }

        public Group(String groupId, String name, Set<String> memberIds) {
            this(groupId, name, memberIds, Set.of());
        }
    }

    public Groups {
        groups = Map.copyOf(groups);
    }

    public static Groups empty() {
        return new Groups(Map.of());
    }

    public Optional<Group> group(String groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    public boolean nameInUse(String name, String exceptGroupId) {
        String normalised = GroupDecider.normalise(name);
        return groups.values().stream().anyMatch(g -> !g.groupId().equals(exceptGroupId)
                && GroupDecider.normalise(g.name()).equals(normalised));
    }

    /** The groups holding the invite {@code inviteId}. */
    public Set<String> groupsHolding(String inviteId) {
        Set<String> ids = new HashSet<>();
        groups.values().forEach(g -> {
            if (g.inviteIds().contains(inviteId)) {
                ids.add(g.groupId());
            }
        });
        return ids;
    }

    /** The groups {@code userId} belongs to. */
    public Set<String> groupsOf(String userId) {
        Set<String> ids = new HashSet<>();
        groups.values().forEach(g -> {
            if (g.memberIds().contains(userId)) {
                ids.add(g.groupId());
            }
        });
        return ids;
    }

    public Groups evolve(DomainEvent event) {
        Map<String, Group> next = new HashMap<>(groups);
        if (event instanceof IdentityEvent.GroupCreated created) {
            next.put(created.groupId(), new Group(created.groupId(), created.name(), Set.of()));
        } else if (event instanceof IdentityEvent.GroupRenamed renamed) {
            next.computeIfPresent(renamed.groupId(), (id, g) -> new Group(id, renamed.name(), g.memberIds(), g.inviteIds()));
        } else if (event instanceof IdentityEvent.GroupDeleted deleted) {
            next.remove(deleted.groupId());
        } else if (event instanceof IdentityEvent.GroupMemberAdded added) {
            next.computeIfPresent(added.groupId(), (id, g) -> {
                Set<String> members = new HashSet<>(g.memberIds());
                members.add(added.userId());
                return new Group(id, g.name(), members, g.inviteIds());
            });
        } else if (event instanceof IdentityEvent.GroupMemberRemoved removed) {
            next.computeIfPresent(removed.groupId(), (id, g) -> {
                Set<String> members = new HashSet<>(g.memberIds());
                members.remove(removed.userId());
                return new Group(id, g.name(), members, g.inviteIds());
            });
        } else if (event instanceof IdentityEvent.GroupInviteAdded added) {
            next.computeIfPresent(added.groupId(), (id, g) -> {
                Set<String> held = new HashSet<>(g.inviteIds());
                held.add(added.inviteId());
                return new Group(id, g.name(), g.memberIds(), held);
            });
        } else if (event instanceof IdentityEvent.GroupInviteRemoved removed) {
            next.computeIfPresent(removed.groupId(), (id, g) -> {
                Set<String> held = new HashSet<>(g.inviteIds());
                held.remove(removed.inviteId());
                return new Group(id, g.name(), g.memberIds(), held);
            });
        } else {
            return this;
        }
        return new Groups(next);
    }
}
