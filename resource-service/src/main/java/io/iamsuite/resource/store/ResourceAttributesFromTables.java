package io.iamsuite.resource.store;

import io.iamsuite.auth.ResourceAttributes;
import io.iamsuite.catalogue.GrantEvaluator;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.Set;

/**
 * Authorization's view of a resource in this service: its labels, and a destination's source with the source's
 * labels (one query). An unknown resource has no labels and no parent, so only workspace grants reach it; the
 * operation itself then answers 404.
 */
@ApplicationScoped
public class ResourceAttributesFromTables implements ResourceAttributes {
    private final Pool pool;

    public ResourceAttributesFromTables(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<GrantEvaluator.Target> target(String workspaceId, ResourceRef resource) {
        return pool.preparedQuery("SELECT r.parent_source_id,"
                        + " (SELECT string_agg(key || ':' || value, ',') FROM resource_labels l"
                        + "   WHERE l.workspace_id = r.workspace_id AND l.resource_id = r.resource_id) AS labels,"
                        + " (SELECT string_agg(key || ':' || value, ',') FROM resource_labels p"
                        + "   WHERE p.workspace_id = r.workspace_id AND p.resource_id = r.parent_source_id) AS parent_labels"
                        + " FROM resources r WHERE r.workspace_id = $1 AND r.resource_id = $2 AND r.type = $3")
                .execute(Tuple.of(workspaceId, resource.id(), resource.type().name()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return GrantEvaluator.Target.of(resource);
                    }
                    Row row = rows.iterator().next();
                    String parent = row.getString("parent_source_id");
                    return new GrantEvaluator.Target(resource, labels(row.getString("labels")),
                            parent == null ? null : new ResourceRef(ResourceType.SOURCE, parent),
                            labels(row.getString("parent_labels")));
                });
    }

    private static Set<LabelRef> labels(String joined) {
        Set<LabelRef> labels = new HashSet<>();
        if (joined == null || joined.isEmpty()) {
            return labels;
        }
        for (String label : joined.split(",")) {
            int colon = label.indexOf(':');
            labels.add(new LabelRef(label.substring(0, colon), label.substring(colon + 1)));
        }
        return labels;
    }
}
