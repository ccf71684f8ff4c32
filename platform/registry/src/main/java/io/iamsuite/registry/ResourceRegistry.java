package io.iamsuite.registry;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.catalogue.KnownResources;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What a service knows exists, learned from resource-service's events: workspaces, resources and labels, and for
 * each workspace the position of the last resource event applied (the consistency-token bridge, see
 * {@link RegistryWait}). Each event is applied once, in one transaction with its position; a redelivered one is
 * skipped. A renamed label is handed to the service's {@link LabelRenames} in the same transaction, so the grants
 * it stores follow. The tables ({@code workspaces} with {@code resource_position}, {@code known_resources},
 * {@code known_labels}) are created by the service's own migrations.
 */
@ApplicationScoped
public class ResourceRegistry {
    private final Pool pool;
    private final Instance<LabelRenames> renames;

    public ResourceRegistry(Pool pool, Instance<LabelRenames> renames) {
        this.pool = pool;
        this.renames = renames;
    }

    /** Applies one of resource-service's events; idempotent by (workspace, position). */
    public Uni<Void> apply(EventEnvelope envelope) {
        String workspaceId = envelope.workspaceId();
        DomainEvent data = envelope.data();
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT resource_position FROM workspaces WHERE workspace_id = $1 FOR UPDATE")
                .execute(Tuple.of(workspaceId))
                .chain(rows -> {
                    boolean known = rows.size() > 0;
                    long applied = known ? rows.iterator().next().getLong(0) : 0L;
                    if (known && envelope.position() <= applied) {
                        return Uni.createFrom().voidItem();
                    }
                    return change(conn, workspaceId, data)
                            .chain(() -> conn.preparedQuery("UPDATE workspaces SET resource_position = $2"
                                            + " WHERE workspace_id = $1 AND resource_position < $2")
                                    .execute(Tuple.of(workspaceId, envelope.position())))
                            .replaceWithVoid();
                }));
    }

    private Uni<Void> change(SqlConnection conn, String workspaceId, DomainEvent data) {
        if (data instanceof ResourceEvent.WorkspaceCreated created) {
            return run(conn, "INSERT INTO workspaces (workspace_id, name, slug) VALUES ($1, $2, $3)"
                    + " ON CONFLICT (workspace_id) DO UPDATE SET name = EXCLUDED.name",
                    Tuple.of(workspaceId, created.name(), created.slug()));
        }
        if (data instanceof ResourceEvent.WorkspaceRenamed renamed) {
            return run(conn, "UPDATE workspaces SET name = $2 WHERE workspace_id = $1", Tuple.of(workspaceId, renamed.name()));
        }
        if (data instanceof ResourceEvent.ResourceCreated created) {
            return run(conn, "INSERT INTO known_resources (workspace_id, resource_type, resource_id) VALUES ($1, $2, $3)"
                    + " ON CONFLICT DO NOTHING", Tuple.of(workspaceId, created.resource().type().name(), created.resource().id()));
        }
        if (data instanceof ResourceEvent.ResourceDeleted deleted) {
            return run(conn, "INSERT INTO known_resources (workspace_id, resource_type, resource_id, deleted)"
                    + " VALUES ($1, $2, $3, TRUE) ON CONFLICT (workspace_id, resource_type, resource_id)"
                    + " DO UPDATE SET deleted = TRUE",
                    Tuple.of(workspaceId, deleted.resource().type().name(), deleted.resource().id()));
        }
        if (data instanceof ResourceEvent.LabelCreated created) {
            return addLabel(conn, workspaceId, created.label());
        }
        if (data instanceof ResourceEvent.LabelDeleted deleted) {
            return run(conn, "DELETE FROM known_labels WHERE workspace_id = $1 AND label_key = $2 AND label_value = $3",
                    Tuple.of(workspaceId, deleted.label().key(), deleted.label().value()));
        }
        if (data instanceof ResourceEvent.LabelRenamed renamed) {
            return run(conn, "DELETE FROM known_labels WHERE workspace_id = $1 AND label_key = $2 AND label_value = $3",
                    Tuple.of(workspaceId, renamed.from().key(), renamed.from().value()))
                    .chain(() -> addLabel(conn, workspaceId, renamed.to()))
                    .chain(() -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (LabelRenames hook : renames) {
                            chain = chain.chain(() -> hook.renamed(conn, workspaceId, renamed.from(), renamed.to()));
                        }
                        return chain;
                    });
        }
        return Uni.createFrom().voidItem();
    }

    private static Uni<Void> addLabel(SqlConnection conn, String workspaceId, LabelRef label) {
        return run(conn, "INSERT INTO known_labels (workspace_id, label_key, label_value) VALUES ($1, $2, $3)"
                + " ON CONFLICT DO NOTHING", Tuple.of(workspaceId, label.key(), label.value()));
    }

    private static Uni<Void> run(SqlConnection conn, String sql, Tuple args) {
        return conn.preparedQuery(sql).execute(args).replaceWithVoid();
    }

    /** Fails with a 404 naming {@code workspaceId} unless resource-service has announced the workspace. */
    public Uni<Void> requireWorkspace(Mutiny.Session session, String workspaceId) {
        return session.createNativeQuery("SELECT count(*) FROM workspaces WHERE workspace_id = :workspace", Long.class)
                .setParameter("workspace", workspaceId).getSingleResult()
                .invoke(count -> {
                    if (count == 0) {
                        throw new DomainException(DomainException.Kind.NOT_FOUND, "workspaceId",
                                "Workspace " + workspaceId + " does not exist");
                    }
                }).replaceWithVoid();
    }

    /** The position of the last resource event of the workspace applied here (0 if none or unknown). */
    public Uni<Long> position(String workspaceId) {
        return pool.preparedQuery("SELECT resource_position FROM workspaces WHERE workspace_id = $1")
                .execute(Tuple.of(workspaceId))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }

    /** Of {@code wanted}, the resources that exist (not deleted), and every label of the workspace. */
    public Uni<KnownResources> known(Mutiny.Session session, String workspaceId, Collection<ResourceRef> wanted) {
        Uni<Set<ResourceRef>> resources;
        if (wanted.isEmpty()) {
            resources = Uni.createFrom().item(Set.of());
        } else {
            resources = session.createNativeQuery("SELECT resource_type, resource_id FROM known_resources"
                            + " WHERE workspace_id = :workspace AND resource_id IN (:ids) AND NOT deleted", Object[].class)
                    .setParameter("workspace", workspaceId)
                    .setParameter("ids", wanted.stream().map(ResourceRef::id).distinct().toList())
                    .getResultList()
                    .map(rows -> {
                        Set<ResourceRef> found = new HashSet<>();
                        for (Object[] row : rows) {
                            found.add(new ResourceRef(ResourceType.valueOf((String) row[0]),
                                    (String) row[1]));
                        }
                        return found;
                    });
        }
        return resources.chain(found -> session.createNativeQuery("SELECT label_key, label_value FROM known_labels"
                        + " WHERE workspace_id = :workspace", Object[].class)
                .setParameter("workspace", workspaceId)
                .getResultList()
                .map(rows -> {
                    Set<LabelRef> labels = new HashSet<>();
                    for (Object[] row : rows) {
                        labels.add(new LabelRef((String) row[0], (String) row[1]));
                    }
                    return new KnownResources(found, labels);
                }));
    }
}
