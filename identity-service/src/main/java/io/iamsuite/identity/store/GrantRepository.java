package io.iamsuite.identity.store;

import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.identity.domain.Permissions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The grants table, kept in step with the RoleGranted / RoleRevoked events in the same transaction. */
@ApplicationScoped
public class GrantRepository {
    private static final String COLUMNS = "subject_type, subject_id, role_id, resource_type, resource_id, labels";

    /** Every grant of the workspace's users and groups, in the order they were granted. */
    public Uni<Permissions> load(Mutiny.Session session, String workspaceId) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM grants WHERE workspace_id = :workspace"
                        + " ORDER BY seq", Object[].class)
                .setParameter("workspace", workspaceId)
                .getResultList()
                .map(rows -> {
                    Map<Subject, Set<Grant>> grants = new HashMap<>();
                    for (Object[] row : rows) {
                        Subject subject = new Subject(Subject.Type.valueOf((String) row[0]), (String) row[1]);
                        grants.computeIfAbsent(subject, s -> new LinkedHashSet<>()).add(grant(row, 2));
                    }
                    return new Permissions(grants);
                });
    }

    /** The grants of one subject, in the order they were granted. */
    public Uni<List<Grant>> of(Mutiny.Session session, String workspaceId, Subject subject) {
        return session.createNativeQuery("SELECT role_id, resource_type, resource_id, labels FROM grants"
                        + " WHERE workspace_id = :workspace AND subject_type = :type AND subject_id = :id ORDER BY seq",
                        Object[].class)
                .setParameter("workspace", workspaceId).setParameter("type", subject.type().name())
                .setParameter("id", subject.id())
                .getResultList()
                .map(rows -> rows.stream().map(row -> grant(row, 0)).toList());
    }

    /** The grants of several subjects of one type (for a page of users or groups), by subject id. */
    public Uni<Map<String, List<Grant>>> of(Mutiny.Session session, String workspaceId, Subject.Type type,
                                            List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return session.createNativeQuery("SELECT subject_id, role_id, resource_type, resource_id, labels FROM grants"
                        + " WHERE workspace_id = :workspace AND subject_type = :type AND subject_id IN (:ids)"
                        + " ORDER BY seq", Object[].class)
                .setParameter("workspace", workspaceId).setParameter("type", type.name())
                .setParameter("ids", ids)
                .getResultList()
                .map(rows -> {
                    Map<String, List<Grant>> bySubject = new HashMap<>();
                    for (Object[] row : rows) {
                        bySubject.computeIfAbsent((String) row[0], id -> new ArrayList<>()).add(grant(row, 1));
                    }
                    return bySubject;
                });
    }

    /** Applies a grant event, or ends every grant of a removed member or deleted group. */
    public Uni<Void> apply(Mutiny.Session session, String workspaceId, IdentityEvent event, long version) {
        if (event instanceof IdentityEvent.RoleGranted granted) {
            Grant g = granted.grant();
            return session.createNativeQuery("INSERT INTO grants (workspace_id, " + COLUMNS + ") VALUES"
                            + " (:workspace, :stype, :sid, :role, :rtype, :rid, :labels) ON CONFLICT DO NOTHING")
                    .setParameter("workspace", workspaceId)
                    .setParameter("stype", granted.subject().type().name()).setParameter("sid", granted.subject().id())
                    .setParameter("role", g.roleId()).setParameter("rtype", g.resource().type().name())
                    .setParameter("rid", g.resource().id()).setParameter("labels", encode(g.labels()))
                    .executeUpdate()
                    .chain(() -> bump(session, workspaceId, granted.subject(), version));
        }
        if (event instanceof IdentityEvent.RoleRevoked revoked) {
            Grant g = revoked.grant();
            return session.createNativeQuery("DELETE FROM grants WHERE workspace_id = :workspace"
                            + " AND subject_type = :stype AND subject_id = :sid AND role_id = :role"
                            + " AND resource_type = :rtype AND resource_id = :rid AND labels = :labels")
                    .setParameter("workspace", workspaceId)
                    .setParameter("stype", revoked.subject().type().name()).setParameter("sid", revoked.subject().id())
                    .setParameter("role", g.roleId()).setParameter("rtype", g.resource().type().name())
                    .setParameter("rid", g.resource().id()).setParameter("labels", encode(g.labels()))
                    .executeUpdate()
                    .chain(() -> bump(session, workspaceId, revoked.subject(), version));
        }
        if (event instanceof IdentityEvent.MemberRemoved removed) {
            return dropAll(session, workspaceId, Subject.user(removed.userId()));
        }
        if (event instanceof IdentityEvent.GroupDeleted deleted) {
            return dropAll(session, workspaceId, Subject.group(deleted.groupId()));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> dropAll(Mutiny.Session session, String workspaceId, Subject subject) {
        return session.createNativeQuery("DELETE FROM grants WHERE workspace_id = :workspace AND subject_type = :stype"
                        + " AND subject_id = :sid")
                .setParameter("workspace", workspaceId).setParameter("stype", subject.type().name())
                .setParameter("sid", subject.id())
                .executeUpdate().replaceWithVoid();
    }

    /** A grant event is part of the member's or group's stream: its version moves with it. */
    private Uni<Void> bump(Mutiny.Session session, String workspaceId, Subject subject, long version) {
        String sql = subject.type() == Subject.Type.USER
                ? "UPDATE members SET version = :version WHERE workspace_id = :workspace AND user_id = :id"
                : "UPDATE user_groups SET version = :version WHERE workspace_id = :workspace AND group_id = :id";
        return session.createNativeQuery(sql)
                .setParameter("version", version).setParameter("workspace", workspaceId).setParameter("id", subject.id())
                .executeUpdate().replaceWithVoid();
    }

    private static Grant grant(Object[] row, int from) {
        return new Grant((String) row[from],
                new ResourceRef(ResourceType.valueOf((String) row[from + 1]), (String) row[from + 2]),
                decode((String) row[from + 3]));
    }

    static String encode(List<LabelRef> labels) {
        return labels.stream().map(LabelRef::toString).collect(Collectors.joining(","));
    }

    static List<LabelRef> decode(String labels) {
        if (labels == null || labels.isEmpty()) {
            return List.of();
        }
        List<LabelRef> refs = new ArrayList<>();
        for (String label : labels.split(",")) {
            int colon = label.indexOf(':');
            refs.add(new LabelRef(label.substring(0, colon), label.substring(colon + 1)));
        }
        return refs;
    }
}
