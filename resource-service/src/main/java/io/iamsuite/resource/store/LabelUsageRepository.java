package io.iamsuite.resource.store;

import io.iamsuite.events.EventEnvelope;
import io.iamsuite.resource.domain.LabelUsage;
import io.iamsuite.resource.domain.PermissionLabels;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The {@code label_usages} table: which labels the grants of other services' subjects use. */
@ApplicationScoped
public class LabelUsageRepository {
    private final Pool pool;

    public LabelUsageRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Applies the change of one consumed event unless an event of the same writer and workspace at or after its
     * position was applied already (a redelivery). One transaction: the change and the new position.
     *
     * @return whether the change was applied
     */
    public Uni<Boolean> apply(EventEnvelope envelope, PermissionLabels.Change change) {
        String source = envelope.data().source().name();
        String ws = envelope.workspaceId();
        return pool.withTransaction(connection -> connection.preparedQuery("INSERT INTO consumed_positions"
                        + " (source, workspace_id, position) VALUES ($1, $2, $3) ON CONFLICT (source, workspace_id)"
                        + " DO UPDATE SET position = EXCLUDED.position WHERE consumed_positions.position < EXCLUDED.position"
                        + " RETURNING position")
                .execute(Tuple.of(source, ws, envelope.position()))
                .chain(advanced -> advanced.rowCount() == 0 ? Uni.createFrom().item(false)
                        : change(connection, ws, change).replaceWith(true)));
    }

    private static Uni<Void> change(SqlConnection connection, String ws, PermissionLabels.Change change) {
        Uni<Void> removal;
        if (change.clearSubject()) {
            removal = connection.preparedQuery("DELETE FROM label_usages WHERE workspace_id = $1 AND subject_type = $2"
                    + " AND subject_id = $3").execute(Tuple.of(ws, change.subjectType(), change.subjectId())).replaceWithVoid();
        } else if (change.revokedGrant() != null) {
            removal = connection.preparedQuery("DELETE FROM label_usages WHERE workspace_id = $1 AND subject_type = $2"
                            + " AND subject_id = $3 AND grant_key = $4")
                    .execute(Tuple.of(ws, change.subjectType(), change.subjectId(), change.revokedGrant())).replaceWithVoid();
        } else {
            removal = Uni.createFrom().voidItem();
        }
        if (change.added().isEmpty()) {
            return removal;
        }
        List<Tuple> rows = change.added().stream().map(u -> tuple(ws, u)).toList();
        return removal.chain(() -> connection.preparedQuery("INSERT INTO label_usages (workspace_id, subject_type,"
                + " subject_id, grant_key, key, value) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                .executeBatch(rows)).replaceWithVoid();
    }

    private static Tuple tuple(String ws, LabelUsage usage) {
        return Tuple.tuple(List.of(ws, usage.subjectType(), usage.subjectId(), usage.grantKey(), usage.label().key(),
                usage.label().value()));
    }
}
