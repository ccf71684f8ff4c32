package io.iamsuite.identity.store;

import io.iamsuite.events.LabelRef;
import io.iamsuite.registry.LabelRenames;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** identity-service's part of a label rename: the users' and groups' grants follow it. */
@ApplicationScoped
public class GrantLabelRenames implements LabelRenames {
    /** A renamed label is renamed in every grant too (the policy projection does the same with the event). */
    @Override
    public Uni<Void> renamed(SqlConnection conn, String workspaceId, LabelRef from, LabelRef to) {
        return conn.preparedQuery("SELECT subject_type, subject_id, role_id, resource_type, resource_id, labels"
                        + " FROM grants WHERE workspace_id = $1 AND labels <> '' FOR UPDATE")
                .execute(Tuple.of(workspaceId))
                .chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Row row : rows) {
                        List<LabelRef> labels = GrantRepository.decode(row.getString("labels"));
                        if (!labels.contains(from)) {
                            continue;
                        }
                        List<LabelRef> next = new ArrayList<>(labels);
                        next.replaceAll(l -> l.equals(from) ? to : l);
                        next.sort(Comparator.comparing(LabelRef::key).thenComparing(LabelRef::value));
                        String stype = row.getString("subject_type");
                        String sid = row.getString("subject_id");
                        String role = row.getString("role_id");
                        String rtype = row.getString("resource_type");
                        String rid = row.getString("resource_id");
                        String old = row.getString("labels");
                        // Delete + insert: the subject may already hold the grant with the new label.
                        chain = chain
                                .chain(() -> run(conn, "DELETE FROM grants WHERE workspace_id = $1 AND subject_type = $2"
                                        + " AND subject_id = $3 AND role_id = $4 AND resource_type = $5"
                                        + " AND resource_id = $6 AND labels = $7",
                                        Tuple.of(workspaceId, stype, sid, role, rtype).addString(rid).addString(old)))
                                .chain(() -> run(conn, "INSERT INTO grants (workspace_id, subject_type, subject_id,"
                                        + " role_id, resource_type, resource_id, labels) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                                        + " ON CONFLICT DO NOTHING",
                                        Tuple.of(workspaceId, stype, sid, role, rtype).addString(rid)
                                                .addString(GrantRepository.encode(next))));
                    }
                    return chain;
                });
    }

    private static Uni<Void> run(SqlConnection conn, String sql, Tuple args) {
        return conn.preparedQuery(sql).execute(args).replaceWithVoid();
    }
}
