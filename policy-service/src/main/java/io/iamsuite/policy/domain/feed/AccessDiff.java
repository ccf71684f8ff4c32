package io.iamsuite.policy.domain.feed;

import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.WorkspaceView;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Applies events to the projection and says exactly how effective access changed. For each event it derives, from
 * the event and the workspace's indexes <em>before</em> applying it, the (subject, resource) pairs the event can
 * touch, asks the evaluator for each pair's allowed actions before and after, and keeps the pairs that differ. It
 * never diffs the whole workspace:
 * <ul>
 *   <li>a member's or a token's standing or grants: that subject × what its grants reach (everything for an owner);
 *   a grant or revocation only the changed grant's reach;</li>
 *   <li>a group's grants or membership: the group's members × what the group's grants (or the changed grant) reach;</li>
 *   <li>a resource created or deleted: the subjects that hold anything (owners, owner tokens, grant holders with
 *   groups expanded) × the resource and its destinations;</li>
 *   <li>a label assigned, unassigned, renamed or deleted: the holders of label-scoped grants × its carriers and
 *   their destinations.</li>
 * </ul>
 * The universe is what {@code lookupResources} lists: users and live tokens × existing (created, not deleted)
 * resources and the workspace itself × the actions of the resource's type. A pair outside it counts as no access.
 *
 * <p>Not thread-safe: called by the one thread that applies events.
 */
public final class AccessDiff {
    private static final ResourceType[] TYPES = ResourceType.values();

    private final Projection projection;
    private final Evaluator evaluator;
    private final RoleCatalogue catalogue;
    private final Map<ResourceType, List<String>> actionsOfType = new EnumMap<>(ResourceType.class);
    private final Map<String, Set<ResourceType>> typesOfRole = new HashMap<>();

    public AccessDiff(Projection projection, Evaluator evaluator) {
        this.projection = projection;
        this.evaluator = evaluator;
        this.catalogue = evaluator.catalogue();
        for (ResourceType type : TYPES) {
            actionsOfType.put(type, new ArrayList<>());
        }
        for (Action action : catalogue.actions()) {
            actionsOfType.get(action.type()).add(action.name());
        }
    }

    /**
     * Applies the event to the projection.
     *
     * @return empty if the projection skipped it (at or below the applied position), else the access it changed
     *         (possibly no change at all)
     */
    public Optional<AccessDelta> apply(EventEnvelope envelope) {
        String workspaceId = envelope.workspaceId();
        if (envelope.position() <= projection.applied().get(envelope.source(), workspaceId)) {
            return Optional.empty();
        }
        Optional<WorkspaceView> known = projection.view(workspaceId);
        Map<Subject, Set<ResourceRef>> scope = known.map(view -> scope(view, envelope.data())).orElseGet(HashMap::new);
        Map<Pair, SortedSet<String>> before = new HashMap<>();
        scope.forEach((subject, resources) -> resources.forEach(resource -> {
            SortedSet<String> allowed = allowed(workspaceId, subject, resource);
            if (!allowed.isEmpty()) {
                before.put(new Pair(subject, resource), allowed);
            }
        }));
        projection.apply(envelope);
        WorkspaceView after = projection.view(workspaceId).orElseThrow();
        if (known.isEmpty()) {
            // The workspace's first event: nothing was allowed before, and there is one event's worth of state.
            addAll(scope, subjects(after), everything(after));
        }
        List<AccessChange> changes = new ArrayList<>();
        scope.forEach((subject, resources) -> resources.forEach(resource -> {
            SortedSet<String> was = before.getOrDefault(new Pair(subject, resource), Collections.emptySortedSet());
            SortedSet<String> now = after.exists(resource) ? allowed(workspaceId, subject, resource) : Collections.emptySortedSet();
            if (!was.equals(now)) {
                changes.add(new AccessChange(subject, resource, was, now));
            }
        }));
        changes.sort(AccessChange.ORDER);
        return Optional.of(new AccessDelta(envelope, List.copyOf(changes), positions(workspaceId)));
    }

    private AccessDelta.Positions positions(String workspaceId) {
        return new AccessDelta.Positions(projection.applied().get(EventSource.IDENTITY, workspaceId),
                projection.applied().get(EventSource.RESOURCE, workspaceId),
                projection.applied().get(EventSource.TOKEN, workspaceId));
    }

    /** Every action of the resource's type the subject may do on it (empty for a resource that does not exist). */
    public SortedSet<String> allowed(String workspaceId, Subject subject, ResourceRef resource) {
        WorkspaceView view = projection.view(workspaceId).orElse(null);
        if (view == null || !view.exists(resource)) {
            return Collections.emptySortedSet();
        }
        return Collections.unmodifiableSortedSet(
                new TreeSet<>(evaluator.allowedOf(workspaceId, subject, actionsOfType.get(resource.type()), resource)));
    }

    // ---- the pairs an event can touch, from the state before it ----

    private Map<Subject, Set<ResourceRef>> scope(WorkspaceView view, DomainEvent data) {
        Map<Subject, Set<ResourceRef>> scope = new LinkedHashMap<>();
        if (data instanceof IdentityEvent identity) {
            identityScope(view, identity, scope);
        } else if (data instanceof ResourceEvent resource) {
            resourceScope(view, resource, scope);
        } else if (data instanceof TokenEvent token) {
            tokenScope(view, token, scope);
        }
        return scope;
    }

    private void identityScope(WorkspaceView view, IdentityEvent data, Map<Subject, Set<ResourceRef>> scope) {
        if (data instanceof IdentityEvent.MemberAdded added) {
            userStanding(view, added.userId(), added.role() == MemberRole.OWNER, scope);
        } else if (data instanceof IdentityEvent.MemberRoleChanged changed) {
            userStanding(view, changed.userId(), changed.role() == MemberRole.OWNER, scope);
        } else if (data instanceof IdentityEvent.MemberRemoved removed) {
            userStanding(view, removed.userId(), false, scope);
        } else if (data instanceof IdentityEvent.GroupDeleted deleted) {
            Set<ResourceRef> reach = reach(view, view.grantsOf(Subject.group(deleted.groupId())));
            view.usersOf(deleted.groupId()).forEach(user -> add(scope, Subject.user(user), reach));
        } else if (data instanceof IdentityEvent.GroupMemberAdded joined) {
            add(scope, Subject.user(joined.userId()), reach(view, view.grantsOf(Subject.group(joined.groupId()))));
        } else if (data instanceof IdentityEvent.GroupMemberRemoved left) {
            add(scope, Subject.user(left.userId()), reach(view, view.grantsOf(Subject.group(left.groupId()))));
        } else if (data instanceof IdentityEvent.RoleGranted granted) {
            grantChanged(view, granted.subject(), granted.grant(), scope);
        } else if (data instanceof IdentityEvent.RoleRevoked revoked) {
            grantChanged(view, revoked.subject(), revoked.grant(), scope);
        }
        // Invites, group creation and renames change no access (a group's memberships and grants count before it
        // is created).
    }

    /** A user's membership or role changes: everything if an owner before or after, else what its grants reach. */
    private void userStanding(WorkspaceView view, String userId, boolean ownerAfter, Map<Subject, Set<ResourceRef>> scope) {
        Subject user = Subject.user(userId);
        if (ownerAfter || view.memberRole(userId) == MemberRole.OWNER) {
            add(scope, user, everything(view));
            return;
        }
        List<Grant> grants = new ArrayList<>(view.grantsOf(user));
        view.groupsOf(userId).forEach(group -> grants.addAll(view.grantsOf(Subject.group(group))));
        add(scope, user, reach(view, grants));
    }

    private void grantChanged(WorkspaceView view, Subject holder, Grant grant, Map<Subject, Set<ResourceRef>> scope) {
        Set<ResourceRef> reach = reach(view, List.of(view.canonical(grant)));
        if (holder.type() == Subject.Type.GROUP) {
            view.usersOf(holder.id()).forEach(user -> add(scope, Subject.user(user), reach));
        } else {
            add(scope, holder, reach);
        }
    }

    private void tokenScope(WorkspaceView view, TokenEvent data, Map<Subject, Set<ResourceRef>> scope) {
        if (data instanceof TokenEvent.TokenIssued issued) {
            tokenStanding(view, issued.tokenId(), issued.access(), issued.grants(), scope);
        } else if (data instanceof TokenEvent.TokenPermissionsReplaced replaced) {
            tokenStanding(view, replaced.tokenId(), replaced.access(), replaced.grants(), scope);
        } else if (data instanceof TokenEvent.TokenRevoked revoked) {
            tokenStanding(view, revoked.tokenId(), null, List.of(), scope);
        } else if (data instanceof TokenEvent.TokenExpired expired) {
            tokenStanding(view, expired.tokenId(), null, List.of(), scope);
        }
        // Rotation and a departed creator change no access.
    }

    private void tokenStanding(WorkspaceView view, String tokenId, TokenEvent.Access accessAfter, List<Grant> grantsAfter,
                               Map<Subject, Set<ResourceRef>> scope) {
        Subject token = Subject.token(tokenId);
        if (accessAfter == TokenEvent.Access.OWNER || view.tokenAccess(tokenId) == TokenEvent.Access.OWNER) {
            add(scope, token, everything(view));
            return;
        }
        List<Grant> grants = new ArrayList<>(view.grantsOf(token));
        grantsAfter.forEach(grant -> grants.add(view.canonical(grant)));
        add(scope, token, reach(view, grants));
    }

    private void resourceScope(WorkspaceView view, ResourceEvent data, Map<Subject, Set<ResourceRef>> scope) {
        if (data instanceof ResourceEvent.ResourceCreated created) {
            addAll(scope, holders(view, false), withDestinations(view, Set.of(created.resource())));
        } else if (data instanceof ResourceEvent.ResourceDeleted deleted) {
            addAll(scope, holders(view, false), withDestinations(view, Set.of(deleted.resource())));
        } else if (data instanceof ResourceEvent.LabelAssigned assigned) {
            addAll(scope, holders(view, true), withDestinations(view, Set.of(assigned.resource())));
        } else if (data instanceof ResourceEvent.LabelUnassigned unassigned) {
            addAll(scope, holders(view, true), withDestinations(view, Set.of(unassigned.resource())));
        } else if (data instanceof ResourceEvent.LabelDeleted deleted) {
            addAll(scope, holders(view, true), withDestinations(view, view.carriers(deleted.label())));
        } else if (data instanceof ResourceEvent.LabelRenamed renamed) {
            Set<ResourceRef> carriers = new HashSet<>(view.carriers(renamed.from()));
            carriers.addAll(view.carriers(renamed.to()));
            addAll(scope, holders(view, true), withDestinations(view, carriers));
        }
        // Workspace creation and renames, resource updates, connections and label creation change no access.
    }

    /**
     * The users and tokens that can hold access to a resource: owners, owner tokens and grant holders (groups
     * expanded to their users); only the holders of a label-scoped grant if labels are what changes.
     */
    private Set<Subject> holders(WorkspaceView view, boolean labelGrantsOnly) {
        Set<Subject> holders = new HashSet<>();
        if (!labelGrantsOnly) {
            view.members().forEach((user, role) -> {
                if (role == MemberRole.OWNER) {
                    holders.add(Subject.user(user));
                }
            });
            view.tokens().forEach((token, access) -> {
                if (access == TokenEvent.Access.OWNER) {
                    holders.add(Subject.token(token));
                }
            });
        }
        for (Subject holder : view.grantHolders()) {
            if (labelGrantsOnly && view.grantsOf(holder).stream().allMatch(g -> g.labels().isEmpty())) {
                continue;
            }
            if (holder.type() == Subject.Type.GROUP) {
                view.usersOf(holder.id()).forEach(user -> holders.add(Subject.user(user)));
            } else {
                holders.add(holder);
            }
        }
        return holders;
    }

    private static Set<Subject> subjects(WorkspaceView view) {
        Set<Subject> all = new HashSet<>();
        view.members().keySet().forEach(user -> all.add(Subject.user(user)));
        view.tokens().keySet().forEach(token -> all.add(Subject.token(token)));
        return all;
    }

    // ---- what grants reach ----

    /** The workspace and every existing resource. */
    private Set<ResourceRef> everything(WorkspaceView view) {
        Set<ResourceRef> all = new HashSet<>();
        all.add(ResourceRef.workspace(view.id()));
        for (ResourceType type : TYPES) {
            if (type != ResourceType.WORKSPACE) {
                view.live(type).forEach(id -> all.add(new ResourceRef(type, id)));
            }
        }
        return all;
    }

    /**
     * Every existing resource on which one of the grants may allow something, and the workspace: a workspace grant
     * reaches every resource of the types its role confers actions on, a listed grant its resource (a source's: also
     * its destinations), a label grant the carriers of all its labels (a source's: also its destinations).
     */
    private Set<ResourceRef> reach(WorkspaceView view, Collection<Grant> grants) {
        Set<ResourceRef> reach = new HashSet<>();
        reach.add(ResourceRef.workspace(view.id()));
        Set<ResourceType> wholeTypes = new HashSet<>();
        for (Grant grant : grants) {
            if (grant.resource().type() == ResourceType.WORKSPACE && grant.labels().isEmpty()) {
                wholeTypes.addAll(typesOf(grant.roleId()));
            } else if (grant.resource().type() == ResourceType.WORKSPACE) {
                reach.addAll(withDestinations(view, carriersOfAll(view, grant.labels())));
            } else {
                reach.addAll(withDestinations(view, Set.of(grant.resource())));
            }
        }
        for (ResourceType type : wholeTypes) {
            if (type != ResourceType.WORKSPACE) {
                view.live(type).forEach(id -> reach.add(new ResourceRef(type, id)));
            }
        }
        return reach;
    }

    private Set<ResourceRef> carriersOfAll(WorkspaceView view, List<LabelRef> labels) {
        Set<ResourceRef> smallest = null;
        for (LabelRef label : labels) {
            Set<ResourceRef> carriers = view.carriers(label);
            if (smallest == null || carriers.size() < smallest.size()) {
                smallest = carriers;
            }
        }
        Set<ResourceRef> all = new HashSet<>();
        for (ResourceRef ref : smallest) {
            if (view.labelsOf(ref).containsAll(labels)) {
                all.add(ref);
            }
        }
        return all;
    }

    /** The resources and, for sources, their destinations. */
    private static Set<ResourceRef> withDestinations(WorkspaceView view, Set<ResourceRef> resources) {
        Set<ResourceRef> all = new HashSet<>(resources);
        for (ResourceRef ref : resources) {
            if (ref.type() == ResourceType.SOURCE) {
                view.destinationsOf(ref.id()).forEach(id -> all.add(new ResourceRef(ResourceType.DESTINATION, id)));
            }
        }
        return all;
    }

    /** The types on which the role confers at least one action (directly or through a relation). */
    private Set<ResourceType> typesOf(String roleId) {
        return typesOfRole.computeIfAbsent(roleId, id -> {
            Set<ResourceType> types = new HashSet<>();
            for (Action action : catalogue.actions()) {
                if (catalogue.confers(id, action.name(), action.type())) {
                    types.add(action.type());
                }
            }
            return Set.copyOf(types);
        });
    }

    private static void add(Map<Subject, Set<ResourceRef>> scope, Subject subject, Set<ResourceRef> resources) {
        scope.computeIfAbsent(subject, s -> new HashSet<>()).addAll(resources);
    }

    private static void addAll(Map<Subject, Set<ResourceRef>> scope, Set<Subject> subjects, Set<ResourceRef> resources) {
        subjects.forEach(subject -> add(scope, subject, resources));
    }

    private record Pair(Subject subject, ResourceRef resource) {
    }
}
