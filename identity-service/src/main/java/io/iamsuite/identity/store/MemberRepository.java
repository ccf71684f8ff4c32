package io.iamsuite.identity.store;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.identity.domain.MemberDecider;
import io.iamsuite.identity.domain.WorkspaceMembers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The members state table and the registry of known workspaces. */
@ApplicationScoped
public class MemberRepository {
    private final Pool pool;

    public MemberRepository(Pool pool) {
        this.pool = pool;
    }

    /** The workspace's members as the rules see them, plus each member's stream version. */
    public Uni<Loaded> load(Mutiny.Session session, String workspaceId) {
        return session.find(KnownWorkspace.class, workspaceId)
                .chain(workspace -> session.createSelectionQuery(
                                "from MemberRecord where workspaceId = :workspace", MemberRecord.class)
                        .setParameter("workspace", workspaceId)
                        .getResultList()
                        .map(records -> {
                            Map<String, WorkspaceMembers.Member> members = new HashMap<>();
                            Map<String, MemberRecord> byId = new HashMap<>();
                            for (MemberRecord record : records) {
                                members.put(record.userId, new WorkspaceMembers.Member(record.userId, record.email, record.role));
                                byId.put(record.userId, record);
                            }
                            return new Loaded(new WorkspaceMembers(workspace != null, members), byId);
                        }));
    }

    public record Loaded(WorkspaceMembers state, Map<String, MemberRecord> records) {
        public long versionOf(String userId) {
            MemberRecord record = records.get(userId);
            return record == null ? 0 : record.version;
        }
    }

    /** Fails with a 404 naming {@code workspaceId} unless resource-service has announced the workspace. */
    public Uni<Void> requireWorkspace(Mutiny.Session session, String workspaceId) {
        return session.find(KnownWorkspace.class, workspaceId).invoke(workspace -> {
            if (workspace == null) {
                throw new DomainException(DomainException.Kind.NOT_FOUND, "workspaceId",
                        "Workspace " + workspaceId + " does not exist");
            }
        }).replaceWithVoid();
    }

    public Uni<MemberRecord> find(Mutiny.Session session, String workspaceId, String userId) {
        return session.find(MemberRecord.class, new MemberRecord.Key(workspaceId, userId));
    }

    public Uni<MemberRecord> findByEmail(Mutiny.Session session, String workspaceId, String email) {
        return session.createSelectionQuery(
                        "from MemberRecord where workspaceId = :workspace and emailLower = :email", MemberRecord.class)
                .setParameter("workspace", workspaceId)
                .setParameter("email", MemberDecider.normalise(email))
                .getSingleResultOrNull();
    }

    /** One page of members in a stable order (email, then id) and the total. */
    public Uni<Page> page(Mutiny.Session session, String workspaceId, int offset, int count) {
        return session.createSelectionQuery("from MemberRecord where workspaceId = :workspace"
                        + " order by emailLower, userId", MemberRecord.class)
                .setParameter("workspace", workspaceId)
                .setFirstResult(offset)
                .setMaxResults(count)
                .getResultList()
                .chain(records -> session.createSelectionQuery(
                                "select count(*) from MemberRecord where workspaceId = :workspace", Long.class)
                        .setParameter("workspace", workspaceId)
                        .getSingleResult()
                        .map(total -> new Page(records, total)));
    }

    public record Page(List<MemberRecord> members, long total) {
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
        if (event instanceof IdentityEvent.MemberRoleChanged changed) {
            return find(session, workspaceId, changed.userId()).chain(record -> {
                record.role = changed.role();
                record.version = version;
                return session.flush();
            });
        }
        if (event instanceof IdentityEvent.MemberRemoved removed) {
            return find(session, workspaceId, removed.userId())
                    .chain(record -> session.remove(record)).chain(session::flush);
        }
        throw new IllegalArgumentException("not a member event this store applies: " + event.eventType());
    }

    /** Records a workspace announced by resource-service; idempotent. */
    public Uni<Void> rememberWorkspace(String workspaceId, String name, String slug) {
        return pool.preparedQuery("INSERT INTO workspaces (workspace_id, name, slug) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (workspace_id) DO UPDATE SET name = EXCLUDED.name")
                .execute(Tuple.of(workspaceId, name, slug))
                .replaceWithVoid();
    }
}
