package io.iamsuite.policy.domain;

import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.GrantEvaluator;
import io.iamsuite.catalogue.Relation;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Answers checks and explanations from a read-only view of the projection. Whether grants allow an action on
 * a resource is the catalogue's {@link GrantEvaluator} (the same rule platform/auth applies to API tokens);
 * this class adds what only the projection knows: who the subject is (owner, member, live token), which
 * groups it is in, and the resource's labels and parent.
 *
 * <p>A check of a user or token costs two lookups in the projection's check index (the resource's state, carrying
 * its parent's labels, and the subject's {@link Principal}) and, when a grant may confer the action but none does
 * workspace-wide, a scan of one array of the subject's and its groups' resource and label grants; ownership and
 * workspace-wide grants are bits. Anything else costs a few hash lookups
 * plus O(grants of the subject and of its groups).
 */
public final class Evaluator {
    static final int MAX_MISSES = 10;

    private final Projection projection;
    private final RoleCatalogue catalogue;
    private final GrantEvaluator grants;
    /** Whether checks use the projection's check index ({@link Principal}), compiled with {@link #grants}. */
    private final boolean indexed;
    /** An inherited type -> the type of its parent (DESTINATION -> SOURCE), from the catalogue's relations. */
    private final Map<ResourceType, ResourceType> parentType = new EnumMap<>(ResourceType.class);

    public Evaluator(Projection projection) {
        this(projection, RoleCatalogue.load());
    }

    public Evaluator(Projection projection, RoleCatalogue catalogue) {
        this.projection = projection;
        this.catalogue = catalogue;
        // The check index is compiled against the standard catalogue: a different one takes the general path.
        this.indexed = catalogue == WorkspaceState.INDEX_CATALOGUE;
        this.grants = indexed ? WorkspaceState.INDEX : new GrantEvaluator(catalogue);
        for (Relation relation : catalogue.relations()) {
            parentType.put(relation.from(), relation.to());
        }
    }

    public RoleCatalogue catalogue() {
        return catalogue;
    }

    /**
     * Can the subject (a USER or a TOKEN; a GROUP is asked about its own grants) do the action on the resource?
     * Owners and owner tokens can do everything in their workspace; anyone else what the union of its grants and
     * its groups' grants allows. An action unknown to the catalogue, or not one of the resource's type, is denied;
     * so is anything on a deleted resource.
     */
    public Verdict check(CheckRequest request) {
        return check(request.workspaceId(), request.subject(), request.permission(), request.resource());
    }

    /** {@link #check(CheckRequest)} without the request object: a caller that has the four parts allocates nothing. */
    public Verdict check(String workspaceId, Subject subject, String permission, ResourceRef resource) {
        WorkspaceState ws = projection.workspace(workspaceId);
        if (ws == null) {
            return Verdict.UNKNOWN_WORKSPACE;
        }
        GrantEvaluator.Compiled action = grants.compile(permission);
        if (action == null) {
            return Verdict.DENIED;
        }
        if (resource.type() != action.type()) {
            // Creation on the workspace or under a parent, or an action of another type: the general path.
            return unreachable(ws, action.action(), resource) == null
                    && allows(ws, subject, action.action().name(), target(ws, action.action(), resource))
                    ? Verdict.ALLOWED : Verdict.DENIED;
        }
        // The hot path: nothing allocated.
        if (resource.type() == ResourceType.WORKSPACE && !resource.id().equals(ws.id)) {
            return Verdict.DENIED;   // another workspace
        }
        if (indexed && subject.type() != Subject.Type.GROUP) {
            return checkIndexed(ws, subject, action, resource);
        }
        WorkspaceState.ResourceState state = ws.resources.get(resource);
        if (state == null) {
            return allows(ws, subject, action, resource, Set.of(), null, Set.of()) ? Verdict.ALLOWED : Verdict.DENIED;
        }
        if (state.deleted()) {
            return Verdict.DENIED;
        }
        ResourceRef parent = state.parent();
        Set<LabelRef> parentLabels = Set.of();
        if (parent != null) {
            WorkspaceState.ResourceState parentState = ws.resources.get(parent);
            parentLabels = parentState == null ? Set.of() : parentState.labels();
        }
        return allows(ws, subject, action, resource, state.labels(), parent, parentLabels)
                ? Verdict.ALLOWED : Verdict.DENIED;
    }

    /**
     * {@link #check}'s hot path for a user or a token, on the projection's check index: one lookup of the resource's
     * state (tombstone, labels as bits, parent and the parent's labels as bits) and one of the subject's
     * {@link Principal}; an action none of its (or its groups') grants confers is denied by a bit, ownership and
     * workspace-wide grants allow by a bit, anything else is one scan of the encoded resource and label grants.
     * Agrees with {@link #allows} (property-tested against a reference and the general path).
     */
    private Verdict checkIndexed(WorkspaceState ws, Subject subject, GrantEvaluator.Compiled action, ResourceRef resource) {
        // Both lookups first, independent of each other, so that the processor overlaps their cache misses.
        WorkspaceState.ResourceState state = ws.indexedResource(resource);
        Principal principal = ws.principal(subject);
        return decide(principal, state, action, resource);
    }

    /** {@link #checkIndexed} once the subject's principal and the resource's state are looked up. */
    private Verdict decide(Principal principal, WorkspaceState.ResourceState state, GrantEvaluator.Compiled action,
                           ResourceRef resource) {
        int bit = action.index();
        if (principal == null || !principal.owner && !principal.mayAny(bit)) {
            return Verdict.DENIED;   // not a member, not a live token, or no grant confers the action anywhere
        }
        if (state != null && state.deleted()) {
            return Verdict.DENIED;
        }
        if (principal.owner || principal.workspaceWide(bit)) {
            return Verdict.ALLOWED;
        }
        if (state == null) {
            state = WorkspaceState.ResourceState.UNKNOWN;
        }
        if (reaches(principal.code, principal.targets, action, resource, state)) {
            return Verdict.ALLOWED;
        }
        for (GrantEvaluator.CompiledGrants group : principal.large) {
            if (reaches(group.code(), group.targets(), action, resource, state)) {
                return Verdict.ALLOWED;
            }
        }
        return Verdict.DENIED;
    }

    /**
     * The permissions of the list that {@link #check} allows the subject on the resource, in the list's order: the
     * same answers as one check per permission, with the workspace, the subject's principal and the resource's state
     * looked up once where a check takes the hot path (a user or a token, an action of the resource's type). The
     * access-change feed asks every action of a type for each pair an event touches, before and after it.
     */
    public List<String> allowedOf(String workspaceId, Subject subject, List<String> permissions, ResourceRef resource) {
        WorkspaceState ws = projection.workspace(workspaceId);
        if (ws == null) {
            return List.of();
        }
        boolean hot = indexed && subject.type() != Subject.Type.GROUP
                && !(resource.type() == ResourceType.WORKSPACE && !resource.id().equals(ws.id));
        WorkspaceState.ResourceState state = hot ? ws.indexedResource(resource) : null;
        Principal principal = hot ? ws.principal(subject) : null;
        List<String> allowed = new ArrayList<>(permissions.size());
        for (String permission : permissions) {
            GrantEvaluator.Compiled action = hot ? grants.compile(permission) : null;
            Verdict verdict = action != null && resource.type() == action.type()
                    ? decide(principal, state, action, resource)
                    : check(workspaceId, subject, permission, resource);
            if (verdict == Verdict.ALLOWED) {
                allowed.add(permission);
            }
        }
        return allowed;
    }

    private boolean reaches(long[] code, ResourceRef[] targets, GrantEvaluator.Compiled action, ResourceRef resource,
                            WorkspaceState.ResourceState state) {
        return grants.reaches(code, targets, action, resource, state.labels0, state.labelBits(), state.parent(),
                state.parentHash, state.parentLabels0, state.parentLabelBits());
    }

    /** The same question as {@link #check}, answered with the grant, group and label path, or the closest misses. */
    public Explanation explain(CheckRequest request) {
        WorkspaceState ws = projection.workspace(request.workspaceId());
        if (ws == null) {
            return Explanation.of(Verdict.UNKNOWN_WORKSPACE, "unknown-workspace");
        }
        Action action = catalogue.action(request.permission()).orElse(null);
        if (action == null) {
            return Explanation.of(Verdict.DENIED, "unknown-action");
        }
        String refusal = unreachable(ws, action, request.resource());
        if (refusal != null) {
            return Explanation.of(Verdict.DENIED, refusal);
        }
        Subject subject = request.subject();
        List<Subject> holders = new ArrayList<>();
        holders.add(subject);
        if (subject.type() == Subject.Type.USER) {
            MemberRole role = ws.members.get(subject.id());
            if (role == null) {
                return Explanation.of(Verdict.DENIED, "not-a-member");
            }
            if (role == MemberRole.OWNER) {
                return Explanation.of(Verdict.ALLOWED, "owner");
            }
            new TreeSet<>(ws.groupsOf(subject.id())).forEach(group -> holders.add(Subject.group(group)));
        } else if (subject.type() == Subject.Type.TOKEN) {
            TokenEvent.Access access = ws.tokens.get(subject.id());
            if (access == null) {
                return Explanation.of(Verdict.DENIED, "unknown-token");
            }
            if (access == TokenEvent.Access.OWNER) {
                return Explanation.of(Verdict.ALLOWED, "owner-token");
            }
        }
        GrantEvaluator.Target target = target(ws, action, request.resource());
        List<Explanation.Path> paths = new ArrayList<>();
        List<RankedMiss> misses = new ArrayList<>();
        boolean anyGrant = false;
        for (Subject holder : holders) {
            for (Grant grant : ws.grantsOf(holder)) {
                anyGrant = true;
                if (grants.allows(List.of(grant), action.name(), target)) {
                    paths.add(path(holder, grant, action, target));
                } else {
                    misses.add(miss(holder, grant, action, target));
                }
            }
        }
        if (!paths.isEmpty()) {
            return new Explanation(Verdict.ALLOWED, "grant", paths, List.of());
        }
        List<Explanation.Miss> closest = misses.stream()
                .sorted(Comparator.comparingInt(RankedMiss::rank).thenComparingInt(m -> m.miss().missingLabels().size()))
                .limit(MAX_MISSES).map(RankedMiss::miss).collect(Collectors.toList());
        return new Explanation(Verdict.DENIED, anyGrant ? "no-grant-reaches" : "no-grants", List.of(), closest);
    }

    // ---- shared with Lookups ----

    /** Whether the subject's standing and grants (and its groups') allow the action on the target. */
    boolean allows(WorkspaceState ws, Subject subject, String action, GrantEvaluator.Target target) {
        GrantEvaluator.Compiled compiled = grants.compile(action);
        if (compiled == null) {
            throw new IllegalArgumentException("unknown action " + action);
        }
        return target == null
                ? allows(ws, subject, compiled, null, Set.of(), null, Set.of())
                : allows(ws, subject, compiled, target.resource(), target.labels(), target.parent(), target.parentLabels());
    }

    /** The same, with the target as its parts (a null resource asks about the type as a whole); allocates nothing. */
    private boolean allows(WorkspaceState ws, Subject subject, GrantEvaluator.Compiled action, ResourceRef resource,
                           Set<LabelRef> labels, ResourceRef parent, Set<LabelRef> parentLabels) {
        switch (subject.type()) {
            case USER: {
                MemberRole role = ws.members.get(subject.id());
                if (role == null) {
                    return false;
                }
                if (role == MemberRole.OWNER
                        || grants.allows(ws.grantsOf(subject), action, resource, labels, parent, parentLabels)) {
                    return true;
                }
                for (String group : ws.groupsOf(subject.id())) {
                    if (grants.allows(ws.grantsOfGroup(group), action, resource, labels, parent, parentLabels)) {
                        return true;
                    }
                }
                return false;
            }
            case TOKEN: {
                TokenEvent.Access access = ws.tokens.get(subject.id());
                return access == TokenEvent.Access.OWNER
                        || access != null && grants.allows(ws.grantsOf(subject), action, resource, labels, parent, parentLabels);
            }
            default:
                return grants.allows(ws.grantsOf(subject), action, resource, labels, parent, parentLabels);
        }
    }

    /**
     * Null when the action can be checked on the resource; otherwise why not. An action is checked on a resource
     * of its type; a {@code <type>.create} also on the workspace (may the subject create one at all) or on the
     * parent a new child would belong to (a destination.create on its source).
     */
    String unreachable(WorkspaceState ws, Action action, ResourceRef resource) {
        if (resource.type() == ResourceType.WORKSPACE && !resource.id().equals(ws.id)) {
            return "other-workspace";
        }
        boolean fits = resource.type() == action.type()
                || action.creates() && (resource.type() == ResourceType.WORKSPACE || resource.type() == parentType.get(action.type()));
        if (!fits) {
            return "action-not-on-type";
        }
        WorkspaceState.ResourceState state = ws.resources.get(resource);
        return state != null && state.deleted() ? "resource-deleted" : null;
    }

    /**
     * What the catalogue's evaluator needs to know of the resource: its labels and, for an inherited type, its
     * parent and the parent's labels. Null asks about the type as a whole (creation, checked on the workspace).
     */
    GrantEvaluator.Target target(WorkspaceState ws, Action action, ResourceRef resource) {
        if (resource.type() != action.type()) {
            if (resource.type() == ResourceType.WORKSPACE) {
                return null;
            }
            // A child about to be created under this parent.
            return new GrantEvaluator.Target(new ResourceRef(action.type(), ""), Set.of(), resource, labelsOf(ws, resource));
        }
        WorkspaceState.ResourceState state = ws.resources.get(resource);
        if (state == null) {
            return GrantEvaluator.Target.of(resource);
        }
        ResourceRef parent = null;
        Set<LabelRef> parentLabels = Set.of();
        if (state.parent() != null && parentType.containsKey(resource.type())) {
            parent = state.parent();
            parentLabels = labelsOf(ws, parent);
        }
        return new GrantEvaluator.Target(resource, state.labels(), parent, parentLabels);
    }

    ResourceType parentTypeOf(ResourceType type) {
        return parentType.get(type);
    }

    private static Set<LabelRef> labelsOf(WorkspaceState ws, ResourceRef resource) {
        WorkspaceState.ResourceState state = ws.resources.get(resource);
        return state == null ? Set.of() : state.labels();
    }

    // ---- explanations ----

    private record RankedMiss(int rank, Explanation.Miss miss) {
    }

    private Explanation.Path path(Subject holder, Grant grant, Action action, GrantEvaluator.Target target) {
        Scope scope = Scope.of(grant);
        String inherited = null;
        if (scope != Scope.WORKSPACE && target != null) {
            inherited = catalogue.role(grant.roleId()).flatMap(r -> r.inheritedVia(action.type())).orElse(null);
        }
        String text = describe(holder, grant) + (inherited == null ? "" : " via " + inherited);
        return new Explanation.Path(holder, grant, scope, inherited, text);
    }

    private RankedMiss miss(Subject holder, Grant grant, Action action, GrantEvaluator.Target target) {
        String head = describe(holder, grant) + ": ";
        Optional<Role> role = catalogue.role(grant.roleId());
        Scope scope;
        try {
            scope = Scope.of(grant);
        } catch (IllegalArgumentException malformed) {
            return new RankedMiss(2, new Explanation.Miss(holder, grant, "scope-does-not-confer", List.of(),
                    head + "labels on a " + grant.resource().type() + " reach nothing"));
        }
        if (role.isEmpty() || !catalogue.confers(grant.roleId(), action.name(), action.type())) {
            return new RankedMiss(3, new Explanation.Miss(holder, grant, "role-does-not-confer", List.of(),
                    head + (role.isEmpty() ? "unknown role" : "does not confer " + action.name())));
        }
        if (!catalogue.confers(grant.roleId(), action.name(), action.type(), scope)) {
            return new RankedMiss(2, new Explanation.Miss(holder, grant, "scope-does-not-confer", List.of(),
                    head + "a " + scope.name().toLowerCase(java.util.Locale.ROOT) + " grant does not confer "
                            + action.name() + (action.creates() ? " (creating needs the workspace)" : "")));
        }
        boolean inherited = role.get().inheritedVia(action.type()).isPresent();
        if (scope == Scope.LABELS) {
            Set<LabelRef> carried = inherited ? target.parentLabels() : target.labels();
            List<LabelRef> missing = grant.labels().stream().filter(l -> !carried.contains(l)).toList();
            String carrier = inherited
                    ? "its " + Action.prefix(parentTypeOf(action.type())) + " " + (target.parent() == null ? "(none known)" : target.parent().id())
                    : Action.prefix(target.resource().type()) + " " + target.resource().id();
            return new RankedMiss(0, new Explanation.Miss(holder, grant, "missing-labels", missing,
                    head + carrier + " lacks " + missing.stream().map(LabelRef::toString).collect(Collectors.joining(", "))));
        }
        String reached = inherited
                ? "its " + Action.prefix(parentTypeOf(action.type())) + " is " + (target.parent() == null ? "unknown" : target.parent().id())
                : "this is " + Action.prefix(target.resource().type()) + " " + target.resource().id();
        return new RankedMiss(1, new Explanation.Miss(holder, grant, "other-resource", List.of(),
                head + "another resource (" + reached + ")"));
    }

    /** e.g. {@code group g1: Source Admin on labels env:prod, product:car}. */
    private String describe(Subject holder, Grant grant) {
        String role = catalogue.role(grant.roleId()).map(Role::name).orElse(grant.roleId());
        String on;
        if (grant.resource().type() == ResourceType.WORKSPACE) {
            on = grant.labels().isEmpty() ? "workspace"
                    : "labels " + grant.labels().stream().map(LabelRef::toString).collect(Collectors.joining(", "));
        } else {
            on = Action.prefix(grant.resource().type()) + " " + grant.resource().id();
        }
        return holder.type().name().toLowerCase(java.util.Locale.ROOT) + " " + holder.id() + ": " + role + " on " + on;
    }
}
