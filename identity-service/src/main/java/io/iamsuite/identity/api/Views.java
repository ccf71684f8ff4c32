package io.iamsuite.identity.api;

import io.iamsuite.events.Grant;
import io.iamsuite.events.Subject;
import io.iamsuite.identity.store.GrantRepository;
import io.iamsuite.identity.store.GroupRepository;
import io.iamsuite.identity.store.MemberRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.Map;

/** Renders users and groups with their permissions: one grants query per page, not per row. */
@ApplicationScoped
public class Views {
    private final GrantRepository grants;

    public Views(GrantRepository grants) {
        this.grants = grants;
    }

    Uni<List<UserView>> users(Mutiny.Session session, String workspaceId, List<MemberRecord> records) {
        return grants.of(session, workspaceId, Subject.Type.USER, records.stream().map(r -> r.userId).toList())
                .map(held -> records.stream().map(r -> UserView.of(r, held.getOrDefault(r.userId, List.of()))).toList());
    }

    Uni<UserView> user(Mutiny.Session session, String workspaceId, MemberRecord record) {
        return users(session, workspaceId, List.of(record)).map(list -> list.get(0));
    }

    Uni<List<GroupView>> groups(Mutiny.Session session, String workspaceId, List<GroupRepository.Summary> summaries) {
        return grants.of(session, workspaceId, Subject.Type.GROUP, summaries.stream().map(GroupRepository.Summary::groupId).toList())
                .map(held -> summaries.stream()
                        .map(s -> GroupView.of(s, held.getOrDefault(s.groupId(), List.<Grant>of()))).toList());
    }

    Uni<GroupView> group(Mutiny.Session session, String workspaceId, GroupRepository.Summary summary) {
        return groups(session, workspaceId, List.of(summary)).map(list -> list.get(0));
    }

}
