package io.iamsuite.identity.store;

import io.iamsuite.events.IdentityEvent;
import io.iamsuite.identity.domain.MemberDecider;
import io.iamsuite.identity.domain.WorkspaceMembers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.HashSet;

/** The members state table and the registry of known workspaces. */
@ApplicationScoped
public class MemberRepository {
    private final Pool pool;

    public MemberRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<WorkspaceMembers> workspaceMembers(Mutiny.Session session, String workspaceId) {
        return session.find(KnownWorkspace.class, workspaceId)
                .chain(workspace -> session.createNativeQuery(
                                "SELECT email_lower FROM members WHERE workspace_id = :workspace", String.class)
                        .setParameter("workspace", workspaceId)
                        .getResultList()
                        .map(emails -> new WorkspaceMembers(workspace != null, new HashSet<>(emails))));
    }

    public Uni<MemberRecord> find(Mutiny.Session session, String workspaceId, String userId) {
        return session.find(MemberRecord.class, new MemberRecord.Key(workspaceId, userId));
    }

    /** Applies a member event to the state table (the evolve step of the store). */
    public Uni<Void> apply(Mutiny.Session session, String workspaceId, IdentityEvent event, long version) {
        if (event instanceof IdentityEvent.MemberAdded added) {
            MemberRecord record = new MemberRecord();
            record.workspaceId = workspaceId;
            record.userId = added.userId();
            record.email = added.email();
            record.emailLower = MemberDecider.normalise(added.email());
            record.name = added.name();
            record.role = added.role();
            record.version = version;
            return session.persist(record).chain(session::flush);
        }
        throw new IllegalArgumentException("not a member event this store applies yet: " + event.eventType());
    }

    /** Records a workspace announced by resource-service; idempotent. */
    public Uni<Void> rememberWorkspace(String workspaceId, String name, String slug) {
        return pool.preparedQuery("INSERT INTO workspaces (workspace_id, name, slug) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (workspace_id) DO UPDATE SET name = EXCLUDED.name")
                .execute(Tuple.of(workspaceId, name, slug))
                .replaceWithVoid();
    }
}
