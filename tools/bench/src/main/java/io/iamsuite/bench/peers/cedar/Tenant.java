package io.iamsuite.bench.peers.cedar;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One workspace as the Cedar engines keep it besides Cedar: who is a member (and owner), which groups a user is in,
 * the tokens, the resources with their labels and parent, and the grants by holder. The facts the entity slices and
 * the policies are built from; {@link #addToGroup} and {@link #assignLabel} change them.
 */
final class Tenant {
    /** A resource of the workspace; {@code labels} change with {@link #assignLabel}. */
    static final class Resource {
        final ResourceRef ref;
        /** The parent's ref (a destination's source), or null. */
        final ResourceRef parent;
        final Set<LabelRef> labels;

        Resource(ResourceRef ref, ResourceRef parent, Set<LabelRef> labels) {
            this.ref = ref;
            this.parent = parent;
            this.labels = labels;
        }
    }

    final String id;
    final Map<String, MemberRole> members = new HashMap<>();
    final Map<String, Set<String>> groupsOfUser = new HashMap<>();
    final Set<String> groups = new LinkedHashSet<>();
    final Map<String, TokenEvent.Access> tokens = new HashMap<>();
    final Map<ResourceRef, Resource> resources = new HashMap<>();
    final Map<ResourceType, List<ResourceRef>> resourcesByType = new EnumMap<>(ResourceType.class);
    final Map<Subject, List<Grant>> grants = new HashMap<>();

    private Tenant(String id) {
        this.id = id;
    }

    static Tenant of(Dataset.Workspace ws) {
        Tenant t = new Tenant(ws.id());
        ws.members().forEach(m -> t.members.put(m.userId(), m.role()));
        ws.groups().forEach((group, users) -> {
            t.groups.add(group);
            users.forEach(u -> t.groupsOfUser.computeIfAbsent(u, x -> new LinkedHashSet<>()).add(group));
        });
        ws.tokens().forEach(tok -> t.tokens.put(tok.tokenId(), tok.access()));
        for (Dataset.Resource r : ws.resources()) {
            ResourceRef parent = r.parentSourceId() == null ? null : new ResourceRef(ResourceType.SOURCE, r.parentSourceId());
            t.resources.put(r.ref(), new Resource(r.ref(), parent, new LinkedHashSet<>(r.labels())));
            t.resourcesByType.computeIfAbsent(r.ref().type(), x -> new ArrayList<>()).add(r.ref());
        }
        ws.grants().forEach(held -> t.grants.computeIfAbsent(held.holder(), x -> new ArrayList<>()).add(held.grant()));
        return t;
    }

    ResourceRef workspaceRef() {
        return ResourceRef.workspace(id);
    }

    /** Whether the subject can hold anything here: a member, a live token, or a group of the workspace. */
    boolean knows(Subject subject) {
        switch (subject.type()) {
            case USER:
                return members.containsKey(subject.id());
            case TOKEN:
                return tokens.containsKey(subject.id());
            default:
                return groups.contains(subject.id());
        }
    }

    /** Owners: owner members and owner tokens. */
    boolean isOwner(Subject subject) {
        switch (subject.type()) {
            case USER:
                return members.get(subject.id()) == MemberRole.OWNER;
            case TOKEN:
                return tokens.get(subject.id()) == TokenEvent.Access.OWNER;
            default:
                return false;
        }
    }

    Set<String> groupsOf(String userId) {
        return groupsOfUser.getOrDefault(userId, Set.of());
    }

    List<Grant> grantsOf(Subject holder) {
        return grants.getOrDefault(holder, List.of());
    }

    void addToGroup(String userId, String groupId) {
        groupsOfUser.computeIfAbsent(userId, x -> new LinkedHashSet<>()).add(groupId);
        groups.add(groupId);
    }

    /** Assigns the label; false when the resource is unknown. */
    boolean assignLabel(ResourceRef resource, LabelRef label) {
        Resource r = resources.get(resource);
        if (r == null) {
            return false;
        }
        r.labels.add(label);
        return true;
    }
}
