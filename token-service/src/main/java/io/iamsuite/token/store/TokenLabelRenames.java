package io.iamsuite.token.store;

import io.iamsuite.events.Grant;
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

/** token-service's part of a label rename: the tokens' grants follow it. */
@ApplicationScoped
public class TokenLabelRenames implements LabelRenames {
    /** A renamed label is renamed in every token's grants (the projection and the token directory do the same). */
    @Override
    public Uni<Void> renamed(SqlConnection conn, String workspaceId, LabelRef from, LabelRef to) {
        return conn.preparedQuery("SELECT token_id, grants FROM tokens WHERE workspace_id = $1 AND grants LIKE $2 FOR UPDATE")
                .execute(Tuple.of(workspaceId, "%" + from.value() + "%"))
                .chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Row row : rows) {
                        List<Grant> grants = TokenRepository.grants(row.getString("grants"));
                        List<Grant> next = grants.stream().map(g -> relabel(g, from, to)).distinct().toList();
                        if (next.equals(grants)) {
                            continue;
                        }
                        String tokenId = row.getString("token_id");
                        chain = chain.chain(() -> run(conn, "UPDATE tokens SET grants = $3 WHERE workspace_id = $1"
                                + " AND token_id = $2", Tuple.of(workspaceId, tokenId, TokenRepository.json(next))));
                    }
                    return chain;
                });
    }

    private static Grant relabel(Grant grant, LabelRef from, LabelRef to) {
        if (!grant.labels().contains(from)) {
            return grant;
        }
        List<LabelRef> labels = new ArrayList<>(grant.labels());
        labels.replaceAll(l -> l.equals(from) ? to : l);
        labels.sort(Comparator.comparing(LabelRef::key).thenComparing(LabelRef::value));
        return new Grant(grant.roleId(), grant.resource(), labels);
    }

    private static Uni<Void> run(SqlConnection conn, String sql, Tuple args) {
        return conn.preparedQuery(sql).execute(args).replaceWithVoid();
    }
}
