package io.iamsuite.bench.peers.cerbos;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a Cerbos user's application knows and sends with every request, since Cerbos keeps no data of its own: who
 * is a member or owner of a workspace, the groups of each member, everyone's grants, each resource's labels and
 * parent. Built from a {@link Dataset}; {@link #addToGroup} and {@link #assignLabel} change it, and the next request
 * assembled carries the change.
 *
 * <p>{@link #principal} flattens the subject's grants and its groups' into the attribute {@code grants} (see
 * {@link CerbosPolicies} for the encoding); {@link #resource} gives a resource's attributes. Both are assembled per
 * request from indexes (a hash lookup per subject, group and resource): the caller's cost of using Cerbos, apart from
 * fetching these facts from wherever the application keeps them.
 */
public final class CallerData {

    /** One grant as the principal's attribute {@code grants} carries it. */
    public record GrantAttr(String role, String scope, String type, String id, List<String> labels) {
    }

    /** The principal of a request: roles {@link CerbosPolicies#OWNER} or {@link CerbosPolicies#MEMBER}. */
    public record Principal(String id, String role, String workspace, List<GrantAttr> grants) {
    }

    /**
     * The resource of a request; {@code parent} and {@code parentLabels} are set for a kind reached through a
     * relation (a destination and its source), else null.
     */
    public record Resource(String kind, String id, String workspace, List<String> labels, String parent,
                           List<String> parentLabels) {
    }

    /** A principal that is no member of the workspace: a role no rule names, so Cerbos denies everything. */
    static final String OUTSIDER = "outsider";

    private final Map<String, Workspace> workspaces = new HashMap<>();

    private static final class Workspace {
        final String id;
        final Map<String, MemberRole> members = new HashMap<>();
        final Map<String, TokenEvent.Access> tokens = new HashMap<>();
        final Map<String, Set<String>> groupsOf = new ConcurrentHashMap<>();
        final Map<Subject, List<GrantAttr>> grants = new HashMap<>();
        /** By type, by id: insertion order is the dataset's. */
        final Map<ResourceType, Map<String, Node>> resources = new HashMap<>();

        Workspace(String id) {
            this.id = id;
        }

        Node node(ResourceRef ref) {
            Map<String, Node> ofType = resources.get(ref.type());
            return ofType == null ? null : ofType.get(ref.id());
        }
    }

    /** A resource's labels (replaced, never changed in place, so readers need no lock) and parent. */
    private static final class Node {
        final String parent;
        volatile List<String> labels;

        Node(String parent, List<String> labels) {
            this.parent = parent;
            this.labels = labels;
        }
    }

    public CallerData(Dataset dataset) {
        for (Dataset.Workspace ws : dataset.workspaces()) {
            Workspace w = new Workspace(ws.id());
            workspaces.put(ws.id(), w);
            for (Dataset.Member member : ws.members()) {
                w.members.put(member.userId(), member.role());
            }
            for (Dataset.Token token : ws.tokens()) {
                w.tokens.put(token.tokenId(), token.access());
            }
            ws.groups().forEach((group, users) -> users.forEach(user ->
                    w.groupsOf.computeIfAbsent(user, u -> new LinkedHashSet<>()).add(group)));
            for (Dataset.Held held : ws.grants()) {
                GrantAttr attr = attr(held.grant());
                if (attr != null) {
                    w.grants.computeIfAbsent(held.holder(), h -> new ArrayList<>()).add(attr);
                }
            }
            for (Dataset.Resource resource : ws.resources()) {
                w.resources.computeIfAbsent(resource.ref().type(), t -> new LinkedHashMap<>())
                        .put(resource.ref().id(), new Node(resource.parentSourceId(), labels(resource.labels())));
            }
        }
    }

    /** The grant as an attribute; null for a grant that reaches nothing (labels on anything but the workspace). */
    static GrantAttr attr(Grant grant) {
        ResourceRef on = grant.resource();
        List<String> labels = labels(grant.labels());
        if (on.type() == ResourceType.WORKSPACE) {
            return new GrantAttr(grant.roleId(), labels.isEmpty() ? "workspace" : "labels", "", "", labels);
        }
        return labels.isEmpty() ? new GrantAttr(grant.roleId(), "resource", CerbosPolicies.kind(on.type()), on.id(), List.of())
                : null;
    }

    static List<String> labels(Collection<LabelRef> labels) {
        List<String> out = new ArrayList<>(labels.size());
        for (LabelRef label : labels) {
            out.add(label.key() + ":" + label.value());
        }
        return List.copyOf(out);
    }

    /** The principal asking: owner, member (with its and its groups' grants) or outsider. */
    public Principal principal(String workspaceId, Subject subject) {
        Workspace ws = workspaces.get(workspaceId);
        if (ws == null) {
            return new Principal(subject.id(), OUTSIDER, workspaceId, List.of());
        }
        switch (subject.type()) {
            case USER: {
                MemberRole role = ws.members.get(subject.id());
                if (role == null) {
                    return new Principal(subject.id(), OUTSIDER, workspaceId, List.of());
                }
                if (role == MemberRole.OWNER) {
                    return new Principal(subject.id(), CerbosPolicies.OWNER, workspaceId, List.of());
                }
                List<GrantAttr> grants = new ArrayList<>(ws.grants.getOrDefault(subject, List.of()));
                for (String group : ws.groupsOf.getOrDefault(subject.id(), Set.of())) {
                    grants.addAll(ws.grants.getOrDefault(Subject.group(group), List.of()));
                }
                return new Principal(subject.id(), CerbosPolicies.MEMBER, workspaceId, grants);
            }
            case TOKEN: {
                TokenEvent.Access access = ws.tokens.get(subject.id());
                if (access == null) {
                    return new Principal(subject.id(), OUTSIDER, workspaceId, List.of());
                }
                return access == TokenEvent.Access.OWNER
                        ? new Principal(subject.id(), CerbosPolicies.OWNER, workspaceId, List.of())
                        : new Principal(subject.id(), CerbosPolicies.MEMBER, workspaceId, ws.grants.getOrDefault(subject, List.of()));
            }
            default:
                return new Principal(subject.id(), CerbosPolicies.MEMBER, workspaceId, ws.grants.getOrDefault(subject, List.of()));
        }
    }

    /** The resource with its labels and, for a destination, its source and the source's labels. */
    public Resource resource(String workspaceId, ResourceRef ref) {
        Workspace ws = workspaces.get(workspaceId);
        Node node = ws == null ? null : ws.node(ref);
        String kind = CerbosPolicies.kind(ref.type());
        if (node == null) {
            return new Resource(kind, ref.id(), workspaceId, List.of(), null, null);
        }
        if (node.parent == null) {
            return new Resource(kind, ref.id(), workspaceId, node.labels, null, null);
        }
        Node parent = ws.node(new ResourceRef(ResourceType.SOURCE, node.parent));
        return new Resource(kind, ref.id(), workspaceId, node.labels, node.parent, parent == null ? List.of() : parent.labels);
    }

    /** The ids of the workspace's resources of a type, in dataset order. */
    public List<String> resourceIds(String workspaceId, ResourceType type) {
        Workspace ws = workspaces.get(workspaceId);
        Map<String, Node> ofType = ws == null ? null : ws.resources.get(type);
        return ofType == null ? List.of() : List.copyOf(ofType.keySet());
    }

    public void addToGroup(String workspaceId, String userId, String groupId) {
        workspaces.get(workspaceId).groupsOf.compute(userId, (u, groups) -> {
            Set<String> next = groups == null ? new LinkedHashSet<>() : new LinkedHashSet<>(groups);
            next.add(groupId);
            return next;
        });
    }

    public void assignLabel(String workspaceId, ResourceRef resource, LabelRef label) {
        Node node = workspaces.get(workspaceId).node(resource);
        String text = label.key() + ":" + label.value();
        synchronized (node) {
            if (!node.labels.contains(text)) {
                List<String> next = new ArrayList<>(node.labels);
                next.add(text);
                node.labels = List.copyOf(next);
            }
        }
    }
}
