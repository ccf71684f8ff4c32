package io.iamsuite.identity.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IamJson;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.identity.domain.Invites;
import io.iamsuite.identity.domain.MemberDecider;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The invites and group_invites tables, kept in step with the invite events in the same transaction. */
@ApplicationScoped
public class InviteRepository {
    private static final ObjectMapper JSON = IamJson.mapper();
    private static final TypeReference<List<Grant>> GRANTS = new TypeReference<>() {
    };

    private final Pool pool;

    public InviteRepository(Pool pool) {
        this.pool = pool;
    }

    /** An invite as listed: {@code groupIds} are the groups holding it now. */
    public record InviteRow(String inviteId, String email, List<Grant> grants, Invites.Status status,
                            Instant expiresAt, List<String> groupIds) {
    }

    public record Page(List<InviteRow> invites, long total) {
    }

    public record Loaded(Invites invites, Map<String, Long> versions) {
        public long versionOf(String inviteId) {
            return versions.getOrDefault(inviteId, 0L);
        }
    }

    /** The workspace's invites that are still open (pending; the rules only look at those and at ids). */
    public Uni<Loaded> load(Mutiny.Session session, String workspaceId) {
        return session.createNativeQuery("SELECT invite_id, email, grants, status, expires_at, version FROM invites"
                        + " WHERE workspace_id = :workspace", Object[].class)
                .setParameter("workspace", workspaceId)
                .getResultList()
                .map(rows -> {
                    Map<String, Invites.Invite> invites = new HashMap<>();
                    Map<String, Long> versions = new HashMap<>();
                    for (Object[] row : rows) {
                        String id = (String) row[0];
                        invites.put(id, new Invites.Invite(id, (String) row[1], grants((String) row[2]),
                                instant(row[4]), Invites.Status.valueOf((String) row[3])));
                        versions.put(id, ((Number) row[5]).longValue());
                    }
                    return new Loaded(new Invites(invites), versions);
                });
    }

    /** Pending, unexpired invites, oldest first; {@code groupId} restricts to the invites a group holds. */
    public Uni<Page> pending(Mutiny.Session session, String workspaceId, String groupId, Instant now, int offset,
                             int count) {
        String from = " FROM invites i" + (groupId == null ? "" : " JOIN group_invites g ON g.workspace_id = i.workspace_id"
                + " AND g.invite_id = i.invite_id AND g.group_id = :group")
                + " WHERE i.workspace_id = :workspace AND i.status = 'PENDING' AND i.expires_at > :now";
        var rowsQuery = session.createNativeQuery("SELECT i.invite_id, i.email, i.grants, i.status, i.expires_at,"
                        + " (SELECT string_agg(gi.group_id, ',' ORDER BY gi.group_id) FROM group_invites gi"
                        + "  WHERE gi.workspace_id = i.workspace_id AND gi.invite_id = i.invite_id)"
                        + from + " ORDER BY i.created_seq LIMIT :limit OFFSET :offset", Object[].class)
                .setParameter("workspace", workspaceId).setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter("limit", count).setParameter("offset", offset);
        var countQuery = session.createNativeQuery("SELECT count(*)" + from, Long.class)
                .setParameter("workspace", workspaceId).setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        if (groupId != null) {
            rowsQuery.setParameter("group", groupId);
            countQuery.setParameter("group", groupId);
        }
        return rowsQuery.getResultList().chain(rows -> countQuery.getSingleResult().map(total -> {
            List<InviteRow> invites = new ArrayList<>();
            for (Object[] row : rows) {
                String groups = (String) row[5];
                invites.add(new InviteRow((String) row[0], (String) row[1], grants((String) row[2]),
                        Invites.Status.valueOf((String) row[3]), instant(row[4]),
                        groups == null ? List.of() : List.of(groups.split(","))));
            }
            return new Page(invites, total);
        }));
    }

    public Uni<InviteRow> find(Mutiny.Session session, String workspaceId, String inviteId) {
        return session.createNativeQuery("SELECT i.invite_id, i.email, i.grants, i.status, i.expires_at,"
                        + " (SELECT string_agg(gi.group_id, ',' ORDER BY gi.group_id) FROM group_invites gi"
                        + "  WHERE gi.workspace_id = i.workspace_id AND gi.invite_id = i.invite_id)"
                        + " FROM invites i WHERE i.workspace_id = :workspace AND i.invite_id = :invite", Object[].class)
                .setParameter("workspace", workspaceId).setParameter("invite", inviteId)
                .getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    Object[] row = rows.get(0);
                    String groups = (String) row[5];
                    return new InviteRow((String) row[0], (String) row[1], grants((String) row[2]),
                            Invites.Status.valueOf((String) row[3]), instant(row[4]),
                            groups == null ? List.of() : List.of(groups.split(",")));
                });
    }

    /** Workspaces with pending invites whose time is up (for the expiry sweeper). */
    public Uni<List<String>> workspacesWithDueInvites(Instant now, int limit) {
        return pool.preparedQuery("SELECT DISTINCT workspace_id FROM invites WHERE status = 'PENDING'"
                        + " AND expires_at <= $1 LIMIT $2")
                .execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    public Uni<Void> apply(Mutiny.Session session, String workspaceId, IdentityEvent event, long version) {
        if (event instanceof IdentityEvent.InviteSent sent) {
            return session.createNativeQuery("INSERT INTO invites (workspace_id, invite_id, email, email_lower, grants,"
                            + " status, expires_at, version) VALUES (:workspace, :invite, :email, :lower, :grants,"
                            + " 'PENDING', :expires, :version)")
                    .setParameter("workspace", workspaceId).setParameter("invite", sent.inviteId())
                    .setParameter("email", sent.email()).setParameter("lower", MemberDecider.normalise(sent.email()))
                    .setParameter("grants", json(sent.grants()))
                    .setParameter("expires", OffsetDateTime.ofInstant(sent.expiresAt(), ZoneOffset.UTC))
                    .setParameter("version", version)
                    .executeUpdate().replaceWithVoid();
        }
        if (event instanceof IdentityEvent.InviteResent resent) {
            return session.createNativeQuery("UPDATE invites SET expires_at = :expires, version = :version"
                            + " WHERE workspace_id = :workspace AND invite_id = :invite")
                    .setParameter("expires", OffsetDateTime.ofInstant(resent.expiresAt(), ZoneOffset.UTC))
                    .setParameter("version", version).setParameter("workspace", workspaceId)
                    .setParameter("invite", resent.inviteId())
                    .executeUpdate().replaceWithVoid();
        }
        if (event instanceof IdentityEvent.InviteRevoked e) {
            return status(session, workspaceId, e.inviteId(), Invites.Status.REVOKED, version);
        }
        if (event instanceof IdentityEvent.InviteExpired e) {
            return status(session, workspaceId, e.inviteId(), Invites.Status.EXPIRED, version);
        }
        if (event instanceof IdentityEvent.InviteAccepted e) {
            return status(session, workspaceId, e.inviteId(), Invites.Status.ACCEPTED, version);
        }
        if (event instanceof IdentityEvent.GroupInviteAdded added) {
            return session.createNativeQuery("INSERT INTO group_invites (workspace_id, group_id, invite_id)"
                            + " VALUES (:workspace, :group, :invite) ON CONFLICT DO NOTHING")
                    .setParameter("workspace", workspaceId).setParameter("group", added.groupId())
                    .setParameter("invite", added.inviteId())
                    .executeUpdate().chain(() -> bumpGroup(session, workspaceId, added.groupId(), version));
        }
        if (event instanceof IdentityEvent.GroupInviteRemoved removed) {
            return session.createNativeQuery("DELETE FROM group_invites WHERE workspace_id = :workspace"
                            + " AND group_id = :group AND invite_id = :invite")
                    .setParameter("workspace", workspaceId).setParameter("group", removed.groupId())
                    .setParameter("invite", removed.inviteId())
                    .executeUpdate().chain(() -> bumpGroup(session, workspaceId, removed.groupId(), version));
        }
        throw new IllegalArgumentException("not an invite event: " + event.eventType());
    }

    private Uni<Void> status(Mutiny.Session session, String workspaceId, String inviteId, Invites.Status status,
                             long version) {
        return session.createNativeQuery("UPDATE invites SET status = :status, version = :version"
                        + " WHERE workspace_id = :workspace AND invite_id = :invite")
                .setParameter("status", status.name()).setParameter("version", version)
                .setParameter("workspace", workspaceId).setParameter("invite", inviteId)
                .executeUpdate().replaceWithVoid();
    }

    private Uni<Void> bumpGroup(Mutiny.Session session, String workspaceId, String groupId, long version) {
        return session.createNativeQuery("UPDATE user_groups SET version = :version WHERE workspace_id = :workspace"
                        + " AND group_id = :group")
                .setParameter("version", version).setParameter("workspace", workspaceId).setParameter("group", groupId)
                .executeUpdate().replaceWithVoid();
    }

    /** The invite ids each group holds. */
    public Uni<Map<String, List<String>>> heldByGroups(Mutiny.Session session, String workspaceId) {
        return session.createNativeQuery("SELECT group_id, invite_id FROM group_invites WHERE workspace_id = :workspace",
                        Object[].class)
                .setParameter("workspace", workspaceId)
                .getResultList()
                .map(rows -> {
                    Map<String, List<String>> held = new HashMap<>();
                    for (Object[] row : rows) {
                        held.computeIfAbsent((String) row[0], id -> new ArrayList<>()).add((String) row[1]);
                    }
                    return held;
                });
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp " + value.getClass());
    }

    private static String json(List<Grant> grants) {
        try {
            return JSON.writeValueAsString(grants);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Grant> grants(String json) {
        try {
            return JSON.readValue(json, GRANTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable grants of an invite: " + e.getMessage(), e);
        }
    }
}
