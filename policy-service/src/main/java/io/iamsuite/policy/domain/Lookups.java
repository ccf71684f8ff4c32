package io.iamsuite.policy.domain;

import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.GrantEvaluator;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.catalogue.Scope;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reverse questions: which resources can a subject do an action on, and who can do an action on a resource.
 * Both start from the grants (never from a scan of the workspace's resources unless a grant reaches them all) and
 * confirm every candidate with {@link Evaluator}'s check, so a lookup never disagrees with a check.
 */
public final class Lookups {
    public static final Comparator<Subject> SUBJECT_ORDER =
            Comparator.comparing((Subject s) -> s.type().name()).thenComparing(Subject::id);

    private final Projection projection;
    private final Evaluator evaluator;
    private final RoleCatalogue catalogue;

    public Lookups(Projection projection, Evaluator evaluator) {
        this.projection = projection;
        this.evaluator = evaluator;
        this.catalogue = evaluator.catalogue();
    }

    /**
     * Every existing (created, not deleted) resource of {@code type} on which the subject may do {@code action},
     * in ascending id order, from the first id after {@code after} (null: from the start), at most {@code limit}.
     * Complete: paging with {@link ResourcePage#next()} until it is null yields exactly the resources a check
     * allows, and a page is never cut short silently. Empty when the action is not one of {@code type}'s.
     *
     * @return empty for an unknown workspace
     */
    public Optional<ResourcePage> lookupResources(String workspaceId, Subject subject, String action, ResourceType type,
                                                  String after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        WorkspaceState ws = projection.workspace(workspaceId);
        if (ws == null) {
            return Optional.empty();
        }
        Action declared = catalogue.action(action).orElse(null);
        if (declared == null || declared.type() != type) {
            return Optional.of(new ResourcePage(List.of(), null));
        }
        NavigableSet<String> candidates;
        if (type == ResourceType.WORKSPACE) {
            candidates = new TreeSet<>(List.of(ws.id));
        } else if (reachesAll(ws, subject, declared)) {
            candidates = ws.live.get(type);
        } else {
            return Optional.of(grantedPage(ws, subject, declared, after, limit));
        }
        NavigableSet<String> remaining = after == null ? candidates : candidates.tailSet(after, false);
        List<String> page = new ArrayList<>(Math.min(limit, 256));
        for (String id : remaining) {
            if (admits(ws, subject, declared, id)) {
                if (page.size() == limit) {
                    return Optional.of(new ResourcePage(page, page.get(page.size() - 1)));
                }
                page.add(id);
            }
        }
        return Optional.of(new ResourcePage(page, null));
    }

    /**
     * A page of what listed and label grants reach, gathered a window at a time: only the smallest ids after the
     * cursor are kept (a bounded sorted set), so a page costs O(reach × log window) instead of sorting the whole
     * reach on every page (which made a full listing of 50,000 label-reached resources quadratic). A window whose
     * candidates the check rejects moves on past its last id.
     */
    private ResourcePage grantedPage(WorkspaceState ws, Subject subject, Action action, String after, int limit) {
        List<String> page = new ArrayList<>(Math.min(limit, 256));
        String from = after;
        int window = limit + 1;
        while (true) {
            TreeSet<String> chunk = candidates(ws, subject, action, from, window);
            for (String id : chunk) {
                if (admits(ws, subject, action, id)) {
                    if (page.size() == limit) {
                        return new ResourcePage(page, page.get(page.size() - 1));
                    }
                    page.add(id);
                }
            }
            if (chunk.size() < window) {
                return new ResourcePage(page, null);   // the window held everything after from
            }
            from = chunk.last();
        }
    }

    /** Whether the resource exists and the check allows the subject the action on it. */
    private boolean admits(WorkspaceState ws, Subject subject, Action action, String id) {
        ResourceRef ref = new ResourceRef(action.type(), id);
        boolean exists = action.type() == ResourceType.WORKSPACE || ws.live.get(action.type()).contains(id);
        return exists && evaluator.unreachable(ws, action, ref) == null
                && evaluator.allows(ws, subject, action.name(), evaluator.target(ws, action, ref));
    }

    /**
     * Every user (member or owner) and every live token that may do {@code action} on {@code resource}, groups
     * expanded to their members, sorted by type then id.
     *
     * @return empty for an unknown workspace
     */
    public Optional<List<Subject>> lookupSubjects(String workspaceId, String action, ResourceRef resource) {
        WorkspaceState ws = projection.workspace(workspaceId);
        if (ws == null) {
            return Optional.empty();
        }
        Action declared = catalogue.action(action).orElse(null);
        if (declared == null || evaluator.unreachable(ws, declared, resource) != null) {
            return Optional.of(List.of());
        }
        GrantEvaluator.Target target = evaluator.target(ws, declared, resource);
        TreeSet<Subject> found = new TreeSet<>(SUBJECT_ORDER);
        ws.members.forEach((user, role) -> {
            if (role == MemberRole.OWNER) {
                found.add(Subject.user(user));
            }
        });
        ws.tokens.forEach((token, access) -> {
            if (access == TokenEvent.Access.OWNER) {
                found.add(Subject.token(token));
            }
        });
        for (Map.Entry<Subject, List<Grant>> entry : ws.grants.entrySet()) {
            Subject holder = entry.getKey();
            if (!evaluator.allows(ws, holder, action, target)) {
                continue;
            }
            if (holder.type() == Subject.Type.GROUP) {
                for (String user : ws.usersOfGroup.getOrDefault(holder.id(), Set.of())) {
                    if (ws.members.containsKey(user)) {
                        found.add(Subject.user(user));
                    }
                }
            } else {
                found.add(holder);
            }
        }
        return Optional.of(List.copyOf(found));
    }

    /** Whether the subject reaches every resource of the action's type: an owner, or a workspace-scope grant. */
    private boolean reachesAll(WorkspaceState ws, Subject subject, Action action) {
        if (subject.type() == Subject.Type.USER && ws.members.get(subject.id()) == MemberRole.OWNER
                || subject.type() == Subject.Type.TOKEN && ws.tokens.get(subject.id()) == TokenEvent.Access.OWNER) {
            return true;
        }
        for (Grant grant : grantsOf(ws, subject)) {
            Scope scope = scopeOf(grant);
            if (scope == Scope.WORKSPACE && catalogue.confers(grant.roleId(), action.name(), action.type(), scope)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The smallest {@code bound} ids after {@code after} (null: from the start) that the subject's listed and label
     * grants reach (a superset; every one is confirmed by a check).
     */
    private TreeSet<String> candidates(WorkspaceState ws, Subject subject, Action action, String after, int bound) {
        Window ids = new Window(after, bound);
        ResourceType type = action.type();
        ResourceType parentType = evaluator.parentTypeOf(type);
        for (Grant grant : grantsOf(ws, subject)) {
            Scope scope = scopeOf(grant);
            if (scope == null || !catalogue.confers(grant.roleId(), action.name(), type, scope)) {
                continue;
            }
            boolean inherited = catalogue.role(grant.roleId()).flatMap((Role r) -> r.inheritedVia(type)).isPresent();
            if (scope == Scope.RESOURCES) {
                if (!inherited && grant.resource().type() == type) {
                    ids.add(grant.resource().id());
                } else if (inherited && grant.resource().type() == parentType) {
                    ids.addAll(ws.destinationsOfSource.getOrDefault(grant.resource().id(), Set.of()));
                }
            } else if (scope == Scope.LABELS) {
                for (ResourceRef carrier : carriersOfAll(ws, grant.labels())) {
                    if (!inherited && carrier.type() == type) {
                        ids.add(carrier.id());
                    } else if (inherited && carrier.type() == parentType) {
                        ids.addAll(ws.destinationsOfSource.getOrDefault(carrier.id(), Set.of()));
                    }
                }
            }
        }
        return ids.set;
    }

    /** The resources carrying every one of the labels: the smallest label's carriers, filtered. */
    private static List<ResourceRef> carriersOfAll(WorkspaceState ws, List<LabelRef> labels) {
        Set<ResourceRef> smallest = null;
        for (LabelRef label : labels) {
            Set<ResourceRef> carriers = ws.resourcesByLabel.getOrDefault(label, Set.of());
            if (smallest == null || carriers.size() < smallest.size()) {
                smallest = carriers;
            }
        }
        if (smallest == null) {
            return List.of();
        }
        List<ResourceRef> all = new ArrayList<>();
        for (ResourceRef ref : smallest) {
            WorkspaceState.ResourceState state = ws.resources.get(ref);
            if (state != null && state.labels().containsAll(labels)) {
                all.add(ref);
            }
        }
        return all;
    }

    /** The grants that count for the subject: its own, and a user's groups'. */
    private static List<Grant> grantsOf(WorkspaceState ws, Subject subject) {
        if (subject.type() == Subject.Type.USER) {
            if (!ws.members.containsKey(subject.id())) {
                return List.of();
            }
            List<Grant> all = new ArrayList<>(ws.grantsOf(subject));
            for (String group : ws.groupsOf(subject.id())) {
                all.addAll(ws.grantsOf(Subject.group(group)));
            }
            return all;
        }
        if (subject.type() == Subject.Type.TOKEN && !ws.tokens.containsKey(subject.id())) {
            return List.of();
        }
        return ws.grantsOf(subject);
    }

    /** A sorted set that keeps only the {@code bound} smallest ids after {@code after}. */
    private static final class Window {
        final TreeSet<String> set = new TreeSet<>();
        private final String after;
        private final int bound;

        Window(String after, int bound) {
            this.after = after;
            this.bound = bound;
        }

        void add(String id) {
            if (after != null && id.compareTo(after) <= 0
                    || set.size() == bound && id.compareTo(set.last()) >= 0) {
                return;
            }
            if (set.add(id) && set.size() > bound) {
                set.pollLast();
            }
        }

        void addAll(Iterable<String> ids) {
            for (String id : ids) {
                add(id);
            }
        }
    }

    private static Scope scopeOf(Grant grant) {
        try {
            return Scope.of(grant);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
