package io.iamsuite.identity.store;

import io.iamsuite.events.IdentityEvent;
import io.iamsuite.identity.domain.GroupDecider;
import io.iamsuite.identity.domain.Groups;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The user groups state tables: {@code user_groups} and {@code group_members}. */
@ApplicationScoped
public class GroupRepository {

    /** A workspace's groups as the rules see them, plus each group's stream version. */
    public Uni<Loaded> load(Mutiny.Session session, String workspaceId) {
        return session.createSelectionQuery("from GroupRecord where workspaceId = :workspace", GroupRecord.class)
                .setParameter("workspace", workspaceId)
                .getResultList()
                .chain(records -> session.createNativeQuery(
                                "SELECT group_id, user_id FROM group_members WHERE workspace_id = :workspace", Object[].class)
                        .setParameter("workspace", workspaceId)
                        .getResultList()
                        .map(rows -> {
                            Map<String, Set<String>> membersOf = new HashMap<>();
                            for (Object[] row : rows) {
                                membersOf.computeIfAbsent((String) row[0], id -> new HashSet<>()).add((String) row[1]);
                            }
                            Map<String, Groups.Group> groups = new HashMap<>();
                            Map<String, Long> versions = new HashMap<>();
                            for (GroupRecord record : records) {
                                groups.put(record.groupId, new Groups.Group(record.groupId, record.name,
                                        membersOf.getOrDefault(record.groupId, Set.of())));
                                versions.put(record.groupId, record.version);
                            }
                            return new Loaded(new Groups(groups), versions);
                        }));
    }

    public record Loaded(Groups groups, Map<String, Long> versions) {
        public long versionOf(String groupId) {
            return versions.getOrDefault(groupId, 0L);
        }
    }

    public Uni<GroupRecord> find(Mutiny.Session session, String workspaceId, String groupId) {
        return session.find(GroupRecord.class, new GroupRecord.Key(workspaceId, groupId));
    }

    /** A page of a workspace's groups by name, or of one user's groups, with member counts and the total. */
    public Uni<Page> page(Mutiny.Session session, String workspaceId, String ofUser, int offset, int count) {
        String filter = ofUser == null ? "" : " AND g.group_id IN (SELECT group_id FROM group_members"
                + " WHERE workspace_id = :workspace AND user_id = :user)";
        var rows = session.createNativeQuery("SELECT g.group_id, g.name, (SELECT count(*) FROM group_members m"
                        + " WHERE m.workspace_id = g.workspace_id AND m.group_id = g.group_id)"
                        + " FROM user_groups g WHERE g.workspace_id = :workspace" + filter
                        + " ORDER BY g.name_lower, g.group_id LIMIT :count OFFSET :offset", Object[].class)
                .setParameter("workspace", workspaceId)
                .setParameter("count", count)
                .setParameter("offset", offset);
        var total = session.createNativeQuery("SELECT count(*) FROM user_groups g WHERE g.workspace_id = :workspace"
                + filter, Long.class).setParameter("workspace", workspaceId);
        if (ofUser != null) {
            rows.setParameter("user", ofUser);
            total.setParameter("user", ofUser);
        }
        return rows.getResultList().chain(found -> total.getSingleResult().map(n -> new Page(found.stream()
                .map(r -> new Summary((String) r[0], (String) r[1], ((Number) r[2]).longValue())).toList(), n)));
    }

    public record Summary(String groupId, String name, long memberCount) {
    }

    public record Page(List<Summary> groups, long total) {
    }

    public Uni<Summary> summary(Mutiny.Session session, String workspaceId, String groupId) {
        return find(session, workspaceId, groupId).chain(record -> record == null ? Uni.createFrom().nullItem()
                : session.createNativeQuery("SELECT count(*) FROM group_members WHERE workspace_id = :workspace"
                                + " AND group_id = :group", Long.class)
                        .setParameter("workspace", workspaceId)
                        .setParameter("group", groupId)
                        .getSingleResult()
                        .map(n -> new Summary(record.groupId, record.name, n)));
    }

    /** A page of a group's members by email, with the total. */
    public Uni<MemberRepository.Page> members(Mutiny.Session session, String workspaceId, String groupId,
                                              int offset, int count) {
        return session.createSelectionQuery("from MemberRecord m where m.workspaceId = :workspace and m.userId in"
                        + " (select gm.userId from GroupMemberRecord gm where gm.workspaceId = :workspace"
                        + " and gm.groupId = :group) order by m.emailLower, m.userId", MemberRecord.class)
                .setParameter("workspace", workspaceId)
                .setParameter("group", groupId)
                .setFirstResult(offset)
                .setMaxResults(count)
                .getResultList()
                .chain(records -> session.createNativeQuery("SELECT count(*) FROM group_members"
                                + " WHERE workspace_id = :workspace AND group_id = :group", Long.class)
                        .setParameter("workspace", workspaceId)
                        .setParameter("group", groupId)
                        .getSingleResult()
                        .map(total -> new MemberRepository.Page(records, total)));
    }

    /** Applies a group event to the state tables. */
    public Uni<Void> apply(Mutiny.Session session, String workspaceId, IdentityEvent event, long version) {
        if (event instanceof IdentityEvent.GroupCreated created) {
            GroupRecord record = new GroupRecord();
            record.workspaceId = workspaceId;
            record.groupId = created.groupId();
            record.name = created.name();
            record.nameLower = GroupDecider.normalise(created.name());
            record.version = version;
            return session.persist(record).chain(session::flush);
        }
        if (event instanceof IdentityEvent.GroupRenamed renamed) {
            return find(session, workspaceId, renamed.groupId()).chain(record -> {
                record.name = renamed.name();
                record.nameLower = GroupDecider.normalise(renamed.name());
                record.version = version;
                return session.flush();
            });
        }
        if (event instanceof IdentityEvent.GroupDeleted deleted) {
            return session.createNativeQuery("DELETE FROM user_groups WHERE workspace_id = :workspace AND group_id = :group")
                    .setParameter("workspace", workspaceId).setParameter("group", deleted.groupId())
                    .executeUpdate().replaceWithVoid();
        }
        if (event instanceof IdentityEvent.GroupMemberAdded added) {
            return bump(session, workspaceId, added.groupId(), version)
                    .chain(() -> session.createNativeQuery("INSERT INTO group_members (workspace_id, group_id, user_id)"
                                    + " VALUES (:workspace, :group, :user) ON CONFLICT DO NOTHING")
                            .setParameter("workspace", workspaceId).setParameter("group", added.groupId())
                            .setParameter("user", added.userId()).executeUpdate())
                    .replaceWithVoid();
        }
        if (event instanceof IdentityEvent.GroupMemberRemoved removed) {
            return bump(session, workspaceId, removed.groupId(), version)
                    .chain(() -> session.createNativeQuery("DELETE FROM group_members WHERE workspace_id = :workspace"
                                    + " AND group_id = :group AND user_id = :user")
                            .setParameter("workspace", workspaceId).setParameter("group", removed.groupId())
                            .setParameter("user", removed.userId()).executeUpdate())
                    .replaceWithVoid();
        }
        throw new IllegalArgumentException("not a group event: " + event.eventType());
    }

    private Uni<Integer> bump(Mutiny.Session session, String workspaceId, String groupId, long version) {
        return session.createNativeQuery("UPDATE user_groups SET version = :version WHERE workspace_id = :workspace"
                        + " AND group_id = :group")
                .setParameter("version", version).setParameter("workspace", workspaceId).setParameter("group", groupId)
                .executeUpdate();
    }
}
