package io.iamsuite.resource.store;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.resource.domain.LabelUsage;
import io.iamsuite.resource.domain.PermissionLabels;
import io.iamsuite.resource.domain.WorkspaceState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The state tables of workspaces, resources, labels, label assignments, connections and label usages. */
@ApplicationScoped
public class ResourceRepository {

    /** A label as shown: key, value and description (may be null). */
    public record LabelRow(String key, String value, String description) {
    }

    /** A resource as shown, with its labels. */
    public record ResourceRow(String id, ResourceType type, String name, String slug, String parentSourceId,
                              List<LabelRow> labels) {
    }

    public record Page(List<ResourceRow> resources, long total) {
    }

    /** Which resources of a type a page lists. */
    public enum Filter {
        /** every resource of the type */
        ALL,
        /** the destinations of the source {@code relatedId} */
        DESTINATIONS_OF,
        /** the sources connected to the warehouse or tracking plan {@code relatedId} */
        CONNECTED_TO,
        /** the warehouses (or tracking plans) the source {@code relatedId} is connected to */
        TARGETS_OF
    }

    /** The workspace as the rules see it, read under the workspace lock. */
    public Uni<WorkspaceState> load(Mutiny.Session session, String workspaceId) {
        return rows(session, "SELECT name, slug FROM workspaces WHERE workspace_id = :ws", workspaceId).chain(ws -> {
            if (ws.isEmpty()) {
                return Uni.createFrom().item(WorkspaceState.empty(workspaceId));
            }
            return rows(session, "SELECT key, value, description FROM labels WHERE workspace_id = :ws", workspaceId)
                    .chain(labelRows -> rows(session, "SELECT resource_id, type, name, slug, parent_source_id"
                            + " FROM resources WHERE workspace_id = :ws", workspaceId)
                            .chain(resourceRows -> rows(session, "SELECT resource_id, key, value FROM resource_labels"
                                    + " WHERE workspace_id = :ws", workspaceId)
                                    .chain(assigned -> rows(session, "SELECT target_id, source_id FROM resource_connections"
                                            + " WHERE workspace_id = :ws", workspaceId)
                                            .chain(connections -> rows(session, "SELECT subject_type, subject_id,"
                                                    + " grant_key, key, value FROM label_usages WHERE workspace_id = :ws",
                                                    workspaceId)
                                                    .map(usageRows -> state(workspaceId, ws.get(0), labelRows,
                                                            resourceRows, assigned, connections, usageRows))))));
        });
    }

    private static WorkspaceState state(String workspaceId, Object[] ws, List<Object[]> labelRows,
                                        List<Object[]> resourceRows, List<Object[]> assigned,
                                        List<Object[]> connections, List<Object[]> usageRows) {
        Map<LabelRef, String> labels = new LinkedHashMap<>();
        labelRows.forEach(r -> labels.put(new LabelRef((String) r[0], (String) r[1]), (String) r[2]));
        Map<String, Map<String, String>> labelsOf = new HashMap<>();
        assigned.forEach(r -> labelsOf.computeIfAbsent((String) r[0], id -> new HashMap<>()).put((String) r[1], (String) r[2]));
        Map<String, Set<String>> connectedTo = new HashMap<>();
        connections.forEach(r -> connectedTo.computeIfAbsent((String) r[0], id -> new HashSet<>()).add((String) r[1]));
        Map<String, WorkspaceState.Resource> resources = new HashMap<>();
        for (Object[] r : resourceRows) {
            String id = (String) r[0];
            resources.put(id, new WorkspaceState.Resource(new ResourceRef(ResourceType.valueOf((String) r[1]), id),
                    (String) r[2], (String) r[3], (String) r[4], connectedTo.getOrDefault(id, Set.of()),
                    labelsOf.getOrDefault(id, Map.of())));
        }
        Set<LabelUsage> usages = new HashSet<>();
        usageRows.forEach(r -> usages.add(new LabelUsage((String) r[0], (String) r[1], (String) r[2],
                new LabelRef((String) r[3], (String) r[4]))));
        return new WorkspaceState(workspaceId, true, (String) ws[0], (String) ws[1], labels, resources, usages);
    }

    /** Fails with a 404 naming {@code workspaceId} unless the workspace exists. */
    public Uni<Void> requireWorkspace(Mutiny.Session session, String workspaceId) {
        return session.find(WorkspaceRecord.class, workspaceId).invoke(workspace -> {
            if (workspace == null) {
                throw new DomainException(DomainException.Kind.NOT_FOUND, "workspaceId",
                        "Workspace " + workspaceId + " does not exist");
            }
        }).replaceWithVoid();
    }

    /** One resource of this workspace and type, with its labels; null if there is none. */
    public Uni<ResourceRow> find(Mutiny.Session session, String workspaceId, ResourceRef ref) {
        return session.createNativeQuery("SELECT resource_id, type, name, slug, parent_source_id FROM resources"
                        + " WHERE workspace_id = :ws AND resource_id = :id AND type = :type", Object[].class)
                .setParameter("ws", workspaceId).setParameter("id", ref.id()).setParameter("type", ref.type().name())
                .getResultList()
                .chain(found -> withLabels(session, workspaceId, found))
                .map(found -> found.isEmpty() ? null : found.get(0));
    }

    /** A page of resources in creation order, and how many there are in all. */
    public Uni<Page> page(Mutiny.Session session, String workspaceId, ResourceType type, Filter filter,
                          String relatedId, int offset, int count) {
        String where = " WHERE r.workspace_id = :ws AND r.type = :type" + switch (filter) {
            case ALL -> "";
            case DESTINATIONS_OF -> " AND r.parent_source_id = :related";
            case CONNECTED_TO -> " AND r.resource_id IN (SELECT c.source_id FROM resource_connections c"
                    + " WHERE c.workspace_id = :ws AND c.target_id = :related)";
            case TARGETS_OF -> " AND r.resource_id IN (SELECT c.target_id FROM resource_connections c"
                    + " WHERE c.workspace_id = :ws AND c.source_id = :related)";
        };
        var rows = session.createNativeQuery("SELECT r.resource_id, r.type, r.name, r.slug, r.parent_source_id"
                        + " FROM resources r" + where + " ORDER BY r.created_position LIMIT :count OFFSET :offset",
                        Object[].class)
                .setParameter("ws", workspaceId).setParameter("type", type.name())
                .setParameter("count", count).setParameter("offset", offset);
        var total = session.createNativeQuery("SELECT count(*) FROM resources r" + where, Long.class)
                .setParameter("ws", workspaceId).setParameter("type", type.name());
        if (filter != Filter.ALL) {
            rows.setParameter("related", relatedId);
            total.setParameter("related", relatedId);
        }
        return rows.getResultList()
                .chain(found -> withLabels(session, workspaceId, found))
                .chain(resources -> total.getSingleResult().map(n -> new Page(resources, n)));
    }

    /** The tracking plan a source is connected to, or null. */
    public Uni<String> trackingPlanOf(Mutiny.Session session, String workspaceId, String sourceId) {
        return session.createNativeQuery("SELECT target_id FROM resource_connections WHERE workspace_id = :ws"
                        + " AND source_id = :source AND target_type = 'TRACKING_PLAN'", String.class)
                .setParameter("ws", workspaceId).setParameter("source", sourceId)
                .getResultList()
                .map(found -> found.isEmpty() ? null : found.get(0));
    }

    /** Every label of the workspace, by key then value. */
    public Uni<List<LabelRow>> labels(Mutiny.Session session, String workspaceId) {
        return rows(session, "SELECT key, value, description FROM labels WHERE workspace_id = :ws ORDER BY key, value",
                workspaceId).map(found -> found.stream()
                .map(r -> new LabelRow((String) r[0], (String) r[1], (String) r[2])).toList());
    }

    private Uni<List<ResourceRow>> withLabels(Mutiny.Session session, String workspaceId, List<Object[]> found) {
        if (found.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = found.stream().map(r -> (String) r[0]).toList();
        return session.createNativeQuery("SELECT rl.resource_id, rl.key, rl.value, l.description FROM resource_labels rl"
                        + " JOIN labels l ON l.workspace_id = rl.workspace_id AND l.key = rl.key AND l.value = rl.value"
                        + " WHERE rl.workspace_id = :ws AND rl.resource_id IN (:ids) ORDER BY rl.key", Object[].class)
                .setParameter("ws", workspaceId).setParameter("ids", ids)
                .getResultList()
                .map(labelRows -> {
                    Map<String, List<LabelRow>> labelsOf = new HashMap<>();
                    labelRows.forEach(r -> labelsOf.computeIfAbsent((String) r[0], id -> new ArrayList<>())
                            .add(new LabelRow((String) r[1], (String) r[2], (String) r[3])));
                    return found.stream().map(r -> new ResourceRow((String) r[0], ResourceType.valueOf((String) r[1]),
                            (String) r[2], (String) r[3], (String) r[4],
                            labelsOf.getOrDefault((String) r[0], List.of()))).toList();
                });
    }

    /** Applies one of this service's events to the state tables (the store's evolve). */
    public Uni<Void> apply(Mutiny.Session session, EventEnvelope envelope) {
        String ws = envelope.workspaceId();
        ResourceEvent event = (ResourceEvent) envelope.data();
        if (event instanceof ResourceEvent.WorkspaceCreated created) {
            return update(session, "INSERT INTO workspaces (workspace_id, name, slug) VALUES (:ws, :name, :slug)",
                    Map.of("ws", ws, "name", created.name(), "slug", created.slug()));
        }
        if (event instanceof ResourceEvent.WorkspaceRenamed renamed) {
            return update(session, "UPDATE workspaces SET name = :name WHERE workspace_id = :ws",
                    Map.of("ws", ws, "name", renamed.name()));
        }
        if (event instanceof ResourceEvent.ResourceCreated created) {
            Map<String, Object> params = new HashMap<>(Map.of("ws", ws, "id", created.resource().id(),
                    "type", created.resource().type().name(), "name", created.name(), "slug", created.slug(),
                    "position", envelope.position()));
            params.put("parent", created.parentSourceId());
            Uni<Void> insert = update(session, "INSERT INTO resources (workspace_id, resource_id, type, name, slug,"
                    + " parent_source_id, created_position) VALUES (:ws, :id, :type, :name, :slug, CAST(:parent AS text),"
                    + " :position)", params);
            for (String sourceId : created.connectedSourceIds()) {
                insert = insert.chain(() -> connect(session, ws, sourceId, created.resource()));
            }
            return insert;
        }
        if (event instanceof ResourceEvent.ResourceUpdated updated) {
            return update(session, "UPDATE resources SET name = :name, slug = :slug WHERE workspace_id = :ws"
                    + " AND resource_id = :id", Map.of("ws", ws, "id", updated.resource().id(), "name", updated.name(),
                    "slug", updated.slug()));
        }
        if (event instanceof ResourceEvent.ResourceDeleted deleted) {
            // Its labels and connections go with it (ON DELETE CASCADE).
            return update(session, "DELETE FROM resources WHERE workspace_id = :ws AND resource_id = :id",
                    Map.of("ws", ws, "id", deleted.resource().id()));
        }
        if (event instanceof ResourceEvent.ResourcesConnected connected) {
            return connect(session, ws, connected.sourceId(), connected.target());
        }
        if (event instanceof ResourceEvent.ResourcesDisconnected disconnected) {
            return update(session, "DELETE FROM resource_connections WHERE workspace_id = :ws AND source_id = :source"
                    + " AND target_id = :target", Map.of("ws", ws, "source", disconnected.sourceId(),
                    "target", disconnected.target().id()));
        }
        if (event instanceof ResourceEvent.LabelCreated created) {
            Map<String, Object> params = new HashMap<>(Map.of("ws", ws, "key", created.label().key(),
                    "value", created.label().value()));
            params.put("description", created.description());
            return update(session, "INSERT INTO labels (workspace_id, key, value, description)"
                    + " VALUES (:ws, :key, :value, CAST(:description AS text))", params);
        }
        if (event instanceof ResourceEvent.LabelDeleted deleted) {
            return update(session, "DELETE FROM labels WHERE workspace_id = :ws AND key = :key AND value = :value",
                    Map.of("ws", ws, "key", deleted.label().key(), "value", deleted.label().value()));
        }
        if (event instanceof ResourceEvent.LabelRenamed renamed) {
            Map<String, Object> params = Map.of("ws", ws, "fromKey", renamed.from().key(),
                    "fromValue", renamed.from().value(), "toKey", renamed.to().key(), "toValue", renamed.to().value());
            // One statement re-labels the label and, by ON UPDATE CASCADE, every resource carrying it.
            return update(session, "UPDATE labels SET key = :toKey, value = :toValue WHERE workspace_id = :ws"
                    + " AND key = :fromKey AND value = :fromValue", params)
                    .chain(() -> relabelUsages(session, ws, renamed.from(), renamed.to()));
        }
        if (event instanceof ResourceEvent.LabelAssigned assigned) {
            return update(session, "INSERT INTO resource_labels (workspace_id, resource_id, key, value)"
                    + " VALUES (:ws, :id, :key, :value)", Map.of("ws", ws, "id", assigned.resource().id(),
                    "key", assigned.label().key(), "value", assigned.label().value()));
        }
        if (event instanceof ResourceEvent.LabelUnassigned unassigned) {
            return update(session, "DELETE FROM resource_labels WHERE workspace_id = :ws AND resource_id = :id"
                    + " AND key = :key AND value = :value", Map.of("ws", ws, "id", unassigned.resource().id(),
                    "key", unassigned.label().key(), "value", unassigned.label().value()));
        }
        throw new IllegalArgumentException("unhandled resource event " + event.eventType());
    }

    /** The grants using the renamed label use the new one, under their relabelled keys (see PermissionLabels.relabel). */
    private Uni<Void> relabelUsages(Mutiny.Session session, String ws, LabelRef from, LabelRef to) {
        String affected = " FROM label_usages WHERE workspace_id = :ws AND (subject_type, subject_id, grant_key) IN"
                + " (SELECT subject_type, subject_id, grant_key FROM label_usages WHERE workspace_id = :ws"
                + " AND key = :fromKey AND value = :fromValue)";
        Map<String, Object> params = Map.of("ws", ws, "fromKey", from.key(), "fromValue", from.value());
        var select = session.createNativeQuery("SELECT subject_type, subject_id, grant_key, key, value" + affected,
                Object[].class);
        params.forEach(select::setParameter);
        return select.getResultList().chain(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<LabelUsage> before = rows.stream().map(r -> new LabelUsage((String) r[0], (String) r[1], (String) r[2],
                    new LabelRef((String) r[3], (String) r[4]))).toList();
            List<LabelUsage> after = List.copyOf(PermissionLabels.relabel(before, from, to));
            StringBuilder insert = new StringBuilder("INSERT INTO label_usages (workspace_id, subject_type, subject_id,"
                    + " grant_key, key, value) VALUES ");
            Map<String, Object> values = new HashMap<>(Map.of("ws", ws));
            for (int i = 0; i < after.size(); i++) {
                LabelUsage u = after.get(i);
                insert.append(i == 0 ? "" : ", ").append(String.format("(:ws, :t%1$d, :s%1$d, :g%1$d, :k%1$d, :v%1$d)", i));
                values.put("t" + i, u.subjectType());
                values.put("s" + i, u.subjectId());
                values.put("g" + i, u.grantKey());
                values.put("k" + i, u.label().key());
                values.put("v" + i, u.label().value());
            }
            return update(session, "DELETE" + affected, params)
                    .chain(() -> update(session, insert + " ON CONFLICT DO NOTHING", values));
        });
    }

    private Uni<Void> connect(Mutiny.Session session, String ws, String sourceId, ResourceRef target) {
        return update(session, "INSERT INTO resource_connections (workspace_id, source_id, target_id, target_type)"
                + " VALUES (:ws, :source, :target, :type)", Map.of("ws", ws, "source", sourceId, "target", target.id(),
                "type", target.type().name()));
    }

    private static Uni<List<Object[]>> rows(Mutiny.Session session, String sql, String workspaceId) {
        return session.createNativeQuery(sql, Object[].class).setParameter("ws", workspaceId).getResultList();
    }

    private static Uni<Void> update(Mutiny.Session session, String sql, Map<String, Object> params) {
        var query = session.createNativeQuery(sql);
        params.forEach(query::setParameter);
        return query.executeUpdate().replaceWithVoid();
    }
}
