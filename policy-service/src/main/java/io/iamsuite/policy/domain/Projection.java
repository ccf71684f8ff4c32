package io.iamsuite.policy.domain;

import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.Grant;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceType;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Every event of the three services folded into memory, per workspace. One thread applies (the consumer);
 * any number read. Applying is idempotent: an event at or below the position already applied for its
 * (source, workspace) is skipped, so a relay's redelivery changes nothing. The three topics arrive in no
 * particular order relative to each other, so nothing here assumes one: a grant may name a resource not yet
 * created, a label may be assigned before it is created, a token may arrive before its workspace.
 */
public final class Projection {
    private final Map<String, WorkspaceState> workspaces = new ConcurrentHashMap<>();
    /**
     * The check path's copy of {@link #workspaces}: a lookup reads one line of its table, where the map reads a node as
     * well. Written with the map, by the one thread that applies (or, into an empty projection, installs a snapshot).
     */
    private final CheckTable<String, WorkspaceState> workspaceIndex = new CheckTable<>();
    private final AppliedPositions applied = new AppliedPositions();

    /** Applies one event; returns false if it was a duplicate and skipped. */
    public boolean apply(EventEnvelope envelope) {
        String workspaceId = envelope.workspaceId();
        if (envelope.position() <= applied.get(envelope.source(), workspaceId)) {
            return false;
        }
        // Any event of a workspace proves it exists: the services' topics arrive in no particular order.
        WorkspaceState workspace = workspaceIndex.get(workspaceId);
        if (workspace == null) {
            workspace = new WorkspaceState(workspaceId);
            putWorkspace(workspaceId, workspace);
        }
        workspace.evolve(envelope.data());
        applied.set(envelope.source(), workspaceId, envelope.position());
        return true;
    }

    public AppliedPositions applied() {
        return applied;
    }

    public boolean knowsWorkspace(String workspaceId) {
        return workspaces.containsKey(workspaceId);
    }

    public Optional<MemberRole> memberRole(String workspaceId, String userId) {
        WorkspaceState workspace = workspaces.get(workspaceId);
        return workspace == null ? Optional.empty() : Optional.ofNullable(workspace.members.get(userId));
    }

    /** A read-only view of the workspace's indexes, for what sits beside the projection (the access-change feed). */
    public Optional<WorkspaceView> view(String workspaceId) {
        WorkspaceState workspace = workspaces.get(workspaceId);
        return workspace == null ? Optional.empty() : Optional.of(new WorkspaceView(workspace));
    }

    /** Every workspace's state, live and read-only: for {@link ProjectionCodec} only (snapshots, on the applying thread). */
    Map<String, WorkspaceState> workspacesForSnapshot() {
        return Collections.unmodifiableMap(workspaces);
    }

    /** Adds workspaces' states (a decoded snapshot's): for {@link ProjectionCodec} only, on the applying thread. */
    void addWorkspaces(Map<String, WorkspaceState> states) {
        states.forEach(this::putWorkspace);
    }

    private void putWorkspace(String workspaceId, WorkspaceState workspace) {
        workspaces.put(workspaceId, workspace);
        workspaceIndex.put(workspaceId, workspace);
    }

    /**
     * Takes over a rebuilt projection's state, workspace by workspace (a reader sees one whole state of a workspace
     * or the other, never a mix), with its applied positions; workspaces it does not hold are dropped. On the
     * applying thread only, at a point where the rebuilt projection holds exactly the events this one does.
     */
    public void adopt(Projection rebuilt) {
        for (Map.Entry<String, WorkspaceState> entry : rebuilt.workspaces.entrySet()) {
            putWorkspace(entry.getKey(), entry.getValue());
            for (EventSource source : EventSource.values()) {
                applied.set(source, entry.getKey(), rebuilt.applied.get(source, entry.getKey()));
            }
        }
        for (String id : List.copyOf(workspaces.keySet())) {
            if (!rebuilt.workspaces.containsKey(id)) {
                workspaces.remove(id);
                workspaceIndex.remove(id);
                for (EventSource source : EventSource.values()) {
                    applied.set(source, id, 0L);
                }
            }
        }
    }

    /** The workspace's state, or null if no event of it was seen. */
    WorkspaceState workspace(String workspaceId) {
        return workspaceIndex.get(workspaceId);
    }

    /**
     * A canonical text of everything the projection holds, indexes included, independent of the order in which
     * maps were filled: two projections that dump equal answer every question equally.
     */
    public String dump() {
        StringBuilder out = new StringBuilder();
        for (String id : new java.util.TreeSet<>(workspaces.keySet())) {
            WorkspaceState ws = workspaces.get(id);
            out.append("workspace ").append(id).append(" name=").append(ws.name).append('\n');
            for (EventSource source : EventSource.values()) {
                out.append("  applied ").append(source.id()).append('=').append(applied.get(source, id)).append('\n');
            }
            sorted(ws.members).forEach((user, role) -> line(out, "member", user + " " + role));
            sortedStrings(ws.groups).forEach(group -> line(out, "group", group));
            sorted(ws.usersOfGroup).forEach((group, users) -> line(out, "users-of-group", group + " " + sortedStrings(users)));
            sorted(ws.groupsOfUser).forEach((user, groups) -> line(out, "groups-of-user", user + " " + sortedStrings(groups)));
            ws.grants.entrySet().stream()
                    .sorted(Comparator.comparing(e -> e.getKey().type() + ":" + e.getKey().id()))
                    .forEach(e -> line(out, "grants", e.getKey().type() + ":" + e.getKey().id() + " "
                            + e.getValue().stream().map(Projection::grantText).sorted().toList()));
            sorted(ws.tokens).forEach((token, access) -> line(out, "token", token + " " + access));
            ws.resources.entrySet().stream()
                    .sorted(Comparator.comparing(e -> e.getKey().type() + ":" + e.getKey().id()))
                    .forEach(e -> line(out, "resource", e.getKey().type() + ":" + e.getKey().id()
                            + (e.getValue().created() ? " created" : "") + (e.getValue().deleted() ? " deleted" : "")
                            + (e.getValue().parentSourceId() == null ? "" : " parent=" + e.getValue().parentSourceId())
                            + " labels=" + sortedStrings(e.getValue().labels())));
            for (ResourceType type : ResourceType.values()) {
                if (!ws.live.get(type).isEmpty()) {
                    line(out, "live", type + " " + List.copyOf(ws.live.get(type)));
                }
            }
            ws.resourcesByLabel.entrySet().stream()
                    .sorted(Comparator.comparing(e -> e.getKey().toString()))
                    .forEach(e -> line(out, "carriers", e.getKey() + " " + sortedStrings(e.getValue())));
            sorted(ws.destinationsOfSource).forEach((source, children) -> line(out, "destinations", source + " "
                    + sortedStrings(children)));
            line(out, "labels", sortedStrings(ws.labels).toString());
            ws.renamed.entrySet().stream()
                    .sorted(Comparator.comparing(e -> e.getKey().toString()))
                    .forEach(e -> line(out, "renamed", e.getKey() + " -> " + e.getValue()));
            line(out, "label-names", sortedStrings(ws.labelNames).toString());
            ws.pendingRevokes.entrySet().stream()
                    .sorted(Comparator.comparing(e -> e.getKey().type() + ":" + e.getKey().id()))
                    .forEach(e -> line(out, "pending-revokes", e.getKey().type() + ":" + e.getKey().id() + " "
                            + e.getValue().stream().map(p -> grantText(p.revoke()) + " held "
                            + p.held().stream().map(Projection::grantText).sorted().toList()).sorted().toList()));
        }
        return out.toString();
    }

    static String grantText(Grant grant) {
        return grant.roleId() + "@" + grant.resource().type() + ":" + grant.resource().id()
                + (grant.labels().isEmpty() ? "" : grant.labels().toString());
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return new TreeMap<>(map);
    }

    private static List<String> sortedStrings(Set<?> set) {
        return set.stream().map(Object::toString).sorted().collect(Collectors.toList());
    }

    private static void line(StringBuilder out, String kind, String text) {
        out.append("  ").append(kind).append(' ').append(text).append('\n');
    }
}
