package io.iamsuite.registry;

import io.iamsuite.events.LabelRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A service's part of a label rename: re-label the grants it stores, on the registry's connection, in the same
 * transaction as the rename itself (resource-service's {@code label-renamed} is one event every side follows).
 */
public interface LabelRenames {
    Uni<Void> renamed(SqlConnection connection, String workspaceId, LabelRef from, LabelRef to);
}
