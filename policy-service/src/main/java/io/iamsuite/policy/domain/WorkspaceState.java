package io.iamsuite.policy.domain;

import io.iamsuite.catalogue.GrantEvaluator;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Everything the projection knows of one workspace, indexed for checks that cost O(grants of the subject and
 * its groups) and lookups that start from the grants. One thread folds events in ({@link #evolve}); readers
 * see maps whose values are immutable (replaced, never mutated) or concurrent sets.
 */
final class WorkspaceState {
    static final Comparator<LabelRef> LABEL_ORDER = Comparator.comparing(LabelRef::key).thenComparing(LabelRef::value);
    /** The catalogue the check index ({@link Principal}) is compiled against: the standard one. */
    static final RoleCatalogue INDEX_CATALOGUE = RoleCatalogue.load();
    static final GrantEvaluator INDEX = new GrantEvaluator(INDEX_CATALOGUE);

    final String id;
    volatile String name;
    /** user -> OWNER or MEMBER; a user not here is not in the workspace. */
    final Map<String, MemberRole> members = new ConcurrentHashMap<>();
    /** Groups created and not deleted (memberships and grants of a group not yet created still count). */
    final Set<String> groups = ConcurrentHashMap.newKeySet();
    /** user -> the groups they are in (immutable sets). */
    final Map<String, Set<String>> groupsOfUser = new ConcurrentHashMap<>();
    /** group -> its users (immutable sets). */
    final Map<String, Set<String>> usersOfGroup = new ConcurrentHashMap<>();
    /** user, group or token -> its grants: immutable, canonical (labels sorted, renames applied), no duplicates, never empty. */
    final Map<Subject, List<Grant>> grants = new ConcurrentHashMap<>();
    /** group -> its grants: the GROUP entries of {@link #grants} by bare id, so a check finds them without a key object. */
    private final Map<String, List<Grant>> groupGrants = new ConcurrentHashMap<>();
    /** Live tokens (issued, neither revoked nor expired) -> their access. */
    final Map<String, TokenEvent.Access> tokens = new ConcurrentHashMap<>();
    /** Every resource seen in any event, deleted ones as tombstones (ids are never reused). */
    final Map<ResourceRef, ResourceState> resources = new ConcurrentHashMap<>();
    /** Created and not deleted, per type, sorted by id: what lookups list and page through. */
    final Map<ResourceType, NavigableSet<String>> live = new EnumMap<>(ResourceType.class);
    /** label -> the resources carrying it. */
    final Map<LabelRef, Set<ResourceRef>> resourcesByLabel = new ConcurrentHashMap<>();
    /** source id -> its destinations (the {@code parentSource} relation, reversed). */
    final Map<String, Set<String>> destinationsOfSource = new ConcurrentHashMap<>();
    /** Labels created and not deleted. */
    final Set<LabelRef> labels = ConcurrentHashMap.newKeySet();
    /** Renamed labels: a grant naming {@code from} that arrives after the rename means {@code to}. */
    final Map<LabelRef, LabelRef> renamed = new ConcurrentHashMap<>();
    /** Every label name created or renamed to, deleted ones included: the names a revoke may mean now. */
    final Set<LabelRef> labelNames = ConcurrentHashMap.newKeySet();
    /**
     * user or group -> revokes that matched none of its grants and name a label never created nor renamed to here:
     * identity-service relabels its grants when it learns of a rename, so its revoke may name a label by a new name
     * before the rename reaches the projection. A rename that gives the name applies them ({@link #revokePending}); a
     * label's creation or rename drops those whose labels all have been named ({@link #prunePending}: they match
     * nothing and never will); the subject's removal or deletion ends them.
     */
    final Map<Subject, List<PendingRevoke>> pendingRevokes = new ConcurrentHashMap<>();

    /**
     * A revoke waiting for a rename: the grant as named, and the grants of the same role and target the subject held
     * then (as held now), the only ones it may remove: a grant made after it, even one the rename makes equal, is not
     * what identity-service revoked.
     */
    record PendingRevoke(Grant revoke, List<Grant> held) {
    }

    // ---- the check index: derived from the maps above, kept in step by every change to them ----

    /** member -> what a check needs of it (role, own and groups' grants compiled); absent: not a member. */
    final CheckTable<String, Principal> userPrincipals = new CheckTable<>();
    /** live token -> the same; absent: unknown, revoked or expired. */
    final CheckTable<String, Principal> tokenPrincipals = new CheckTable<>();
    /** {@link #resources} again, in the table a check reads fastest; every write to one is made to both. */
    private final CheckTable<ResourceRef, ResourceState> resourceIndex = new CheckTable<>();
    /** group -> its grants compiled (absent: none). */
    private final Map<String, GrantEvaluator.CompiledGrants> groupCompiled = new ConcurrentHashMap<>();
    /** label -> its bit in label bit sets ({@link #labelId}); written on the applying thread only. */
    private final Map<LabelRef, Integer> labelIds = new java.util.HashMap<>();
    /** False while a snapshot is read into the maps: {@link #buildIndex()} then builds the index once. */
    private boolean indexing;

    /**
     * A resource's state: created, deleted (a tombstone), its parent (a destination's source) and labels, and what a
     * check reads of it in one object: the labels as bits, its parent's labels as bits (refreshed when the parent's
     * labels change), their first words inline ({@link #labels0}, {@link #parentLabels0}: with at most 64 labels in the
     * workspace a check follows no array) and the parent's target hash. Immutable.
     */
    static final class ResourceState {
        static final ResourceState DELETED = new ResourceState(false, true, null, Set.of(), GrantEvaluator.NO_LABEL_BITS,
                GrantEvaluator.NO_LABEL_BITS);
        /** What a check assumes of a resource the projection has not seen: no parent, no labels. */
        static final ResourceState UNKNOWN = new ResourceState(false, false, null, Set.of(), GrantEvaluator.NO_LABEL_BITS,
                GrantEvaluator.NO_LABEL_BITS);

        private final boolean created;
        private final boolean deleted;
        private final ResourceRef parent;
        private final Set<LabelRef> labels;
        private final long[] labelBits;
        private final long[] parentLabelBits;
        /** The first words of {@link #labelBits} and {@link #parentLabelBits} (0 when empty). */
        final long labels0;
        final long parentLabels0;
        /** {@link GrantEvaluator#targetHash} of the parent; 0 without one. */
        final int parentHash;

        ResourceState(boolean created, boolean deleted, ResourceRef parent, Set<LabelRef> labels, long[] labelBits,
                      long[] parentLabelBits) {
            this.created = created;
            this.deleted = deleted;
            this.parent = parent;
            this.labels = labels;
            this.labelBits = labelBits;
            this.parentLabelBits = parentLabelBits;
            this.labels0 = labelBits.length == 0 ? 0L : labelBits[0];
            this.parentLabels0 = parentLabelBits.length == 0 ? 0L : parentLabelBits[0];
            this.parentHash = parent == null ? 0 : GrantEvaluator.targetHash(parent);
        }

        boolean created() {
            return created;
        }

        boolean deleted() {
            return deleted;
        }

        ResourceRef parent() {
            return parent;
        }

        Set<LabelRef> labels() {
            return labels;
        }

        long[] labelBits() {
            return labelBits;
        }

        long[] parentLabelBits() {
            return parentLabelBits;
        }

        /** A destination's source, or null. */
        String parentSourceId() {
            return parent == null ? null : parent.id();
        }

        boolean live() {
            return created && !deleted;
        }

        /** The same state with its parent's labels as they are now. */
        ResourceState withParentLabelBits(long[] bits) {
            return new ResourceState(created, deleted, parent, labels, labelBits, bits);
        }

        @Override
        public String toString() {
            return "ResourceState[created=" + created + ", deleted=" + deleted + ", parent=" + parent + ", labels="
                    + labels + "]";
        }
    }

    /** A resource's state, its labels also as bits numbered by {@link #labelId} (what the check index compares). */
    ResourceState resourceState(boolean created, boolean deleted, ResourceRef parent, Set<LabelRef> labelSet) {
        return new ResourceState(created, deleted, parent, labelSet, GrantEvaluator.labelBits(labelSet, this::labelId),
                parent == null ? GrantEvaluator.NO_LABEL_BITS : labelBitsOf(parent));
    }

    private ResourceState withLabels(ResourceState state, Set<LabelRef> newLabels) {
        return resourceState(state.created(), state.deleted(), state.parent(), newLabels);
    }

    /**
     * The label's number in this workspace's label bit sets, given at first sight and never reused (a deleted label
     * keeps it: a grant naming it reaches what is assigned a label of that name later). On the applying thread only.
     */
    int labelId(LabelRef label) {
        Integer id = labelIds.get(label);
        if (id == null) {
            id = labelIds.size();
            labelIds.put(label, id);
        }
        return id;
    }

    WorkspaceState(String id) {
        this(id, true);
    }

    /** With {@code indexing} false the check index is left empty until {@link #buildIndex()} (snapshot reads). */
    WorkspaceState(String id, boolean indexing) {
        this.id = id;
        this.indexing = indexing;
        for (ResourceType type : ResourceType.values()) {
            live.put(type, new ConcurrentSkipListSet<>());
        }
    }

    /** A resource's labels as bits, from the check index's table; none if it is unknown. */
    long[] labelBitsOf(ResourceRef resource) {
        ResourceState state = resourceIndex.get(resource);
        return state == null ? GrantEvaluator.NO_LABEL_BITS : state.labelBits();
    }

    /** A resource's state from the check index's table (the same as {@link #resources}'), or null if unknown. */
    ResourceState indexedResource(ResourceRef resource) {
        return resourceIndex.get(resource);
    }

    /** A user's or a token's {@link Principal} in the check index; null if it has none (not a member, no live token). */
    Principal principal(Subject subject) {
        return subject.type() == Subject.Type.USER
                ? userPrincipals.get(subject.id()) : tokenPrincipals.get(subject.id());
    }

    /**
     * Sets a resource's state in {@link #resources} and the check index's table; returns the previous state. A
     * source's new labels are copied into its destinations' states (their {@code parentLabelBits}), so that a check of
     * a destination reads one state.
     */
    ResourceState putResource(ResourceRef ref, ResourceState state) {
        ResourceState old = resources.put(ref, state);
        if (indexing) {
            resourceIndex.put(ref, state);
            if (ref.type() == ResourceType.SOURCE && (old == null || !java.util.Arrays.equals(old.labelBits(), state.labelBits()))) {
                for (String child : destinationsOfSource.getOrDefault(ref.id(), Set.of())) {
                    ResourceRef childRef = new ResourceRef(ResourceType.DESTINATION, child);
                    ResourceState childState = resources.get(childRef);
                    if (childState != null && ref.equals(childState.parent())) {
                        putResource(childRef, childState.withParentLabelBits(state.labelBits()));
                    }
                }
            }
        }
        return old;
    }

    private void updateResource(ResourceRef ref, java.util.function.UnaryOperator<ResourceState> change) {
        ResourceState old = resources.get(ref);
        if (old != null) {
            putResource(ref, change.apply(old));
        }
    }

    /** Builds the check index from the maps at once (after a snapshot is read) and keeps it in step from then on. */
    void buildIndex() {
        userPrincipals.clear();
        tokenPrincipals.clear();
        resourceIndex.clear();
        resources.forEach(resourceIndex::put);
        resources.forEach((ref, state) -> {
            if (state.parent() != null) {
                putResource(ref, state.withParentLabelBits(labelBitsOf(state.parent())));
            }
        });
        groupCompiled.clear();
        indexing = true;
        grants.forEach((subject, list) -> {
            if (subject.type() == Subject.Type.GROUP) {
                groupCompiled.put(subject.id(), INDEX.compile(list, this::labelId));
            }
        });
        members.keySet().forEach(user -> indexUser(user, null));
        tokens.keySet().forEach(token -> indexToken(token, null));
    }

    /** The index as canonical text (tests compare one kept in step with one built at once). */
    String describeIndex() {
        StringBuilder out = new StringBuilder();
        java.util.TreeMap<String, Principal> users = new java.util.TreeMap<>();
        userPrincipals.forEach(users::put);
        users.forEach((user, p) -> out.append("user ").append(user).append(' ').append(p.describe()).append('\n'));
        java.util.TreeMap<String, Principal> tokenIndex = new java.util.TreeMap<>();
        tokenPrincipals.forEach(tokenIndex::put);
        tokenIndex.forEach((token, p) -> out.append("token ").append(token).append(' ').append(p.describe()).append('\n'));
        out.append("resources ").append(resourceIndex.size()).append('\n');
        resources.forEach((ref, state) -> {
            if (resourceIndex.get(ref) != state) {
                out.append("resource index differs at ").append(ref).append('\n');
            }
            if (!java.util.Arrays.equals(state.parentLabelBits(),
                    state.parent() == null ? GrantEvaluator.NO_LABEL_BITS : labelBitsOf(state.parent()))) {
                out.append("stale parent labels at ").append(ref).append('\n');
            }
        });
        return out.toString();
    }

    /** Rebuilds a user's {@link Principal}: {@code own} its newly compiled grants, or null if they did not change. */
    private void indexUser(String userId, GrantEvaluator.CompiledGrants own) {
        if (!indexing) {
            return;
        }
        MemberRole role = members.get(userId);
        if (role == null) {
            userPrincipals.remove(userId);
            return;
        }
        if (own == null) {
            Principal old = userPrincipals.get(userId);
            own = old != null ? old.own : INDEX.compile(grantsOf(Subject.user(userId)), this::labelId);
        }
        Set<String> groupIds = groupsOf(userId);
        List<GrantEvaluator.CompiledGrants> groupGrantsOfUser = new ArrayList<>(groupIds.size());
        for (String group : groupIds) {
            GrantEvaluator.CompiledGrants compiledGroup = groupCompiled.get(group);
            if (compiledGroup != null) {
                groupGrantsOfUser.add(compiledGroup);
            }
        }
        userPrincipals.put(userId, new Principal(role == MemberRole.OWNER, own, groupGrantsOfUser));
    }

    private void indexToken(String tokenId, GrantEvaluator.CompiledGrants own) {
        if (!indexing) {
            return;
        }
        TokenEvent.Access access = tokens.get(tokenId);
        if (access == null) {
            tokenPrincipals.remove(tokenId);
            return;
        }
        GrantEvaluator.CompiledGrants compiledOwn = own != null ? own : INDEX.compile(grantsOf(Subject.token(tokenId)), this::labelId);
        tokenPrincipals.put(tokenId, new Principal(access == TokenEvent.Access.OWNER, compiledOwn, List.of()));
    }

    /** Keeps the index in step with a holder's grants (an empty list: none). */
    private void indexGrants(Subject subject, List<Grant> list) {
        if (!indexing) {
            return;
        }
        GrantEvaluator.CompiledGrants compiledList = INDEX.compile(list, this::labelId);
        switch (subject.type()) {
            case USER:
                indexUser(subject.id(), compiledList);
                break;
            case TOKEN:
                indexToken(subject.id(), compiledList);
                break;
            default:
                if (list.isEmpty()) {
                    groupCompiled.remove(subject.id());
                } else {
                    groupCompiled.put(subject.id(), compiledList);
                }
                for (String user : usersOfGroup.getOrDefault(subject.id(), Set.of())) {
                    indexUser(user, null);
                }
        }
    }

    List<Grant> grantsOf(Subject subject) {
        return grants.getOrDefault(subject, List.of());
    }

    /** A group's grants ({@code grantsOf(Subject.group(groupId))} without building the key). */
    List<Grant> grantsOfGroup(String groupId) {
        return groupGrants.getOrDefault(groupId, List.of());
    }

    /** Sets a subject's grants (immutable, non-empty), keeping the group index in step. */
    void putGrants(Subject subject, List<Grant> list) {
        grants.put(subject, list);
        if (subject.type() == Subject.Type.GROUP) {
            groupGrants.put(subject.id(), list);
        }
        indexGrants(subject, list);
        if (!pendingRevokes.isEmpty()) {
            forgetGone(subject, list);
        }
    }

    private void dropGrants(Subject subject) {
        grants.remove(subject);
        if (subject.type() == Subject.Type.GROUP) {
            groupGrants.remove(subject.id());
        }
        indexGrants(subject, List.of());
        if (!pendingRevokes.isEmpty()) {
            forgetGone(subject, List.of());
        }
    }

    /**
     * The subject's waiting revokes without the grants it no longer holds (revoked, or dropped with their resource):
     * a revoke left waiting for none of its grants has nothing to revoke and ends, whatever the order of the topics.
     */
    private void forgetGone(Subject subject, List<Grant> now) {
        List<PendingRevoke> waiting = pendingRevokes.get(subject);
        if (waiting != null) {
            putPending(subject, stillHeld(waiting, now));
        }
    }

    /** The revokes, each with only the grants of {@code now} it waits for (by their current names); none left: ended. */
    private List<PendingRevoke> stillHeld(List<PendingRevoke> revokes, List<Grant> now) {
        List<PendingRevoke> kept = new ArrayList<>();
        for (PendingRevoke pending : revokes) {
            List<Grant> held = pending.held().stream().map(this::canonical).filter(now::contains).toList();
            if (!held.isEmpty()) {
                kept.add(new PendingRevoke(pending.revoke(), held));
            }
        }
        return kept;
    }

    Set<String> groupsOf(String userId) {
        return groupsOfUser.getOrDefault(userId, Set.of());
    }

    void evolve(DomainEvent data) {
        if (data instanceof IdentityEvent identity) {
            evolveIdentity(identity);
        } else if (data instanceof ResourceEvent resource) {
            evolveResource(resource);
        } else if (data instanceof TokenEvent token) {
            evolveToken(token);
        }
    }

    // ---- identity: members, groups, memberships, grants of users and groups; invites grant nothing ----

    private void evolveIdentity(IdentityEvent data) {
        if (data instanceof IdentityEvent.MemberAdded added) {
            members.put(added.userId(), added.role());
            indexUser(added.userId(), null);
        } else if (data instanceof IdentityEvent.MemberRoleChanged changed) {
            members.computeIfPresent(changed.userId(), (id, old) -> changed.role());
            indexUser(changed.userId(), null);
        } else if (data instanceof IdentityEvent.MemberRemoved removed) {
            // Ends the member's grants and memberships without events of their own (docs/events.md).
            members.remove(removed.userId());
            dropGrants(Subject.user(removed.userId()));
            pendingRevokes.remove(Subject.user(removed.userId()));
            Set<String> left = groupsOfUser.remove(removed.userId());
            if (left != null) {
                left.forEach(group -> usersOfGroup.computeIfPresent(group, (g, users) -> without(users, removed.userId())));
            }
            indexUser(removed.userId(), null);
        } else if (data instanceof IdentityEvent.GroupCreated created) {
            groups.add(created.groupId());
        } else if (data instanceof IdentityEvent.GroupDeleted deleted) {
            groups.remove(deleted.groupId());
            dropGrants(Subject.group(deleted.groupId()));
            pendingRevokes.remove(Subject.group(deleted.groupId()));
            Set<String> users = usersOfGroup.remove(deleted.groupId());
            if (users != null) {
                users.forEach(user -> {
                    groupsOfUser.computeIfPresent(user, (u, gs) -> without(gs, deleted.groupId()));
                    indexUser(user, null);
                });
            }
        } else if (data instanceof IdentityEvent.GroupMemberAdded joined) {
            groupsOfUser.merge(joined.userId(), Set.of(joined.groupId()), WorkspaceState::union);
            usersOfGroup.merge(joined.groupId(), Set.of(joined.userId()), WorkspaceState::union);
            indexUser(joined.userId(), null);
        } else if (data instanceof IdentityEvent.GroupMemberRemoved left) {
            groupsOfUser.computeIfPresent(left.userId(), (u, gs) -> without(gs, left.groupId()));
            usersOfGroup.computeIfPresent(left.groupId(), (g, users) -> without(users, left.userId()));
            indexUser(left.userId(), null);
        } else if (data instanceof IdentityEvent.RoleGranted granted) {
            addGrant(granted.subject(), granted.grant());
        } else if (data instanceof IdentityEvent.RoleRevoked revoked) {
            removeGrant(revoked.subject(), revoked.grant());
        }
        // Invites (sent, resent, revoked, expired, accepted, group invites) grant nothing until accepted, and
        // acceptance arrives as member-added, role-granted and group-member-added. Group renames change no access.
    }

    // ---- resources and labels ----

    private void evolveResource(ResourceEvent data) {
        if (data instanceof ResourceEvent.WorkspaceCreated created) {
            name = created.name();
        } else if (data instanceof ResourceEvent.WorkspaceRenamed renamedWorkspace) {
            name = renamedWorkspace.name();
        } else if (data instanceof ResourceEvent.ResourceCreated created) {
            createResource(created);
        } else if (data instanceof ResourceEvent.ResourceDeleted deleted) {
            deleteResource(deleted.resource());
        } else if (data instanceof ResourceEvent.LabelCreated created) {
            labels.add(created.label());
            renamed.remove(created.label());   // a new label of that name: later grants naming it mean it
            labelNames.add(created.label());
            prunePending();
        } else if (data instanceof ResourceEvent.LabelDeleted deleted) {
            labels.remove(deleted.label());
            Set<ResourceRef> carriers = resourcesByLabel.remove(deleted.label());
            if (carriers != null) {
                carriers.forEach(ref -> updateResource(ref, s -> withLabels(s, minus(s.labels(), deleted.label()))));
            }
        } else if (data instanceof ResourceEvent.LabelRenamed rename) {
            renameLabel(rename.from(), rename.to());
        } else if (data instanceof ResourceEvent.LabelAssigned assigned) {
            assignLabel(assigned.resource(), assigned.label());
        } else if (data instanceof ResourceEvent.LabelUnassigned unassigned) {
            unassignLabel(unassigned.resource(), unassigned.label());
        }
        // Resource updates and connections change no access: connecting needs two checks, one per side.
    }

    private void createResource(ResourceEvent.ResourceCreated created) {
        ResourceRef ref = created.resource();
        ResourceState old = resources.get(ref);
        if (old != null && old.deleted()) {
            return;   // ids are never reused: a deleted resource stays deleted
        }
        String parent = ref.type() == ResourceType.DESTINATION ? created.parentSourceId() : null;
        if (old != null && old.parentSourceId() != null && !old.parentSourceId().equals(parent)) {
            destinationsOfSource.computeIfPresent(old.parentSourceId(), (p, children) -> {
                children.remove(ref.id());
                return children.isEmpty() ? null : children;
            });
        }
        putResource(ref, resourceState(true, false, parent == null ? null : new ResourceRef(ResourceType.SOURCE, parent),
                old == null ? Set.of() : old.labels()));
        if (parent != null) {
            destinationsOfSource.computeIfAbsent(parent, p -> ConcurrentHashMap.newKeySet()).add(ref.id());
        }
        live.get(ref.type()).add(ref.id());
    }

    private void deleteResource(ResourceRef ref) {
        ResourceState old = putResource(ref, ResourceState.DELETED);
        live.get(ref.type()).remove(ref.id());
        if (old != null) {
            old.labels().forEach(label -> unindex(label, ref));
            if (old.parentSourceId() != null) {
                destinationsOfSource.computeIfPresent(old.parentSourceId(), (p, children) -> {
                    children.remove(ref.id());
                    return children.isEmpty() ? null : children;
                });
            }
        }
        // Every grant naming the resource ends with it (no role-revoked events follow, docs/events.md).
        for (Map.Entry<Subject, List<Grant>> entry : grants.entrySet()) {
            if (entry.getValue().stream().anyMatch(g -> g.resource().equals(ref))) {
                replaceGrants(entry.getKey(), entry.getValue().stream().filter(g -> !g.resource().equals(ref)).toList());
            }
        }
    }

    private void assignLabel(ResourceRef ref, LabelRef label) {
        ResourceState old = resources.get(ref);
        if (old != null && old.deleted()) {
            return;
        }
        // A label assignment may arrive before the resource or the label: keep it, it counts once both exist.
        ResourceState state = old == null ? resourceState(false, false, null, Set.of(label))
                : withLabels(old, union(old.labels(), Set.of(label)));
        putResource(ref, state);
        resourcesByLabel.computeIfAbsent(label, l -> ConcurrentHashMap.newKeySet()).add(ref);
    }

    private void unassignLabel(ResourceRef ref, LabelRef label) {
        updateResource(ref, s -> withLabels(s, minus(s.labels(), label)));
        unindex(label, ref);
    }

    private void renameLabel(LabelRef from, LabelRef to) {
        labels.remove(from);
        labels.add(to);
        labelNames.add(to);
        renamed.remove(to);
        renamed.replaceAll((old, current) -> current.equals(from) ? to : current);
        renamed.put(from, to);
        Set<ResourceRef> carriers = resourcesByLabel.remove(from);
        if (carriers != null) {
            for (ResourceRef ref : carriers) {
                updateResource(ref, s -> withLabels(s, union(minus(s.labels(), from), Set.of(to))));
                resourcesByLabel.computeIfAbsent(to, l -> ConcurrentHashMap.newKeySet()).add(ref);
            }
        }
        if (!pendingRevokes.isEmpty()) {
            revokePending();
        }
        for (Map.Entry<Subject, List<Grant>> entry : grants.entrySet()) {
            if (entry.getValue().stream().anyMatch(g -> g.labels().contains(from))) {
                replaceGrants(entry.getKey(), entry.getValue());   // canonical() applies the rename
            }
        }
        prunePending();
    }

    private void unindex(LabelRef label, ResourceRef ref) {
        resourcesByLabel.computeIfPresent(label, (l, carriers) -> {
            carriers.remove(ref);
            return carriers.isEmpty() ? null : carriers;
        });
    }

    // ---- tokens: principals with their own grants ----

    private void evolveToken(TokenEvent data) {
        if (data instanceof TokenEvent.TokenIssued issued) {
            tokens.put(issued.tokenId(), issued.access());
            replaceGrants(Subject.token(issued.tokenId()), issued.grants());   // indexes the token
        } else if (data instanceof TokenEvent.TokenPermissionsReplaced replaced) {
            if (tokens.containsKey(replaced.tokenId())) {
                tokens.put(replaced.tokenId(), replaced.access());
                replaceGrants(Subject.token(replaced.tokenId()), replaced.grants());   // indexes the token
            }
        } else if (data instanceof TokenEvent.TokenRevoked revoked) {
            endToken(revoked.tokenId());
        } else if (data instanceof TokenEvent.TokenExpired expired) {
            endToken(expired.tokenId());
        }
        // A rotation changes the secret, not the access; a departed creator only flags the token.
    }

    private void endToken(String tokenId) {
        tokens.remove(tokenId);
        dropGrants(Subject.token(tokenId));
        indexToken(tokenId, null);
    }

    // ---- grants ----

    private void addGrant(Subject subject, Grant grant) {
        Grant canonical = canonical(grant);
        if (reachesDeleted(canonical)) {
            return;
        }
        List<Grant> current = grantsOf(subject);
        if (!current.contains(canonical)) {
            List<Grant> next = new ArrayList<>(current.size() + 1);
            next.addAll(current);
            next.add(canonical);
            putGrants(subject, Collections.unmodifiableList(next));
        }
    }

    private void removeGrant(Subject subject, Grant grant) {
        Grant canonical = canonical(grant);
        List<Grant> current = grantsOf(subject);
        if (current.contains(canonical)) {
            replaceGrants(subject, current.stream().filter(g -> !g.equals(canonical)).toList());
        } else if (!labelNames.containsAll(canonical.labels())) {
            List<Grant> held = current.stream()
                    .filter(g -> g.roleId().equals(grant.roleId()) && g.resource().equals(grant.resource())).toList();
            if (!held.isEmpty()) {
                List<PendingRevoke> waiting = new ArrayList<>(pendingRevokes.getOrDefault(subject, List.of()));
                waiting.add(new PendingRevoke(grant, held));
                putPending(subject, waiting);
            }
        }
    }

    /**
     * A rename's part in the revokes waiting for it, once {@link #renamed} has the rename and before the grants take
     * the new name: a revoke that now names one of the grants it was waiting for removes that grant (by its old name,
     * so that a grant made later and merged with it by the rename stays).
     */
    private void revokePending() {
        for (Map.Entry<Subject, List<PendingRevoke>> entry : List.copyOf(pendingRevokes.entrySet())) {
            Subject subject = entry.getKey();
            List<Grant> current = new ArrayList<>(grantsOf(subject));
            List<PendingRevoke> waiting = new ArrayList<>();
            for (PendingRevoke pending : entry.getValue()) {
                Grant target = canonical(pending.revoke());
                Grant revoked = pending.held().stream()
                        .filter(held -> current.contains(held) && canonical(held).equals(target)).findFirst().orElse(null);
                if (revoked != null) {
                    current.remove(revoked);
                } else {
                    waiting.add(pending);
                }
            }
            if (waiting.size() < entry.getValue().size()) {
                replaceGrants(subject, current);
                putPending(subject, waiting);
            }
        }
    }

    /**
     * After a label's creation or rename: drops the waiting revokes whose labels all have been named (they match
     * nothing and never will) and gives the grants the others wait for their current names.
     */
    private void prunePending() {
        if (pendingRevokes.isEmpty()) {
            return;   // nearly always: a label's creation or rename costs nothing more
        }
        for (Map.Entry<Subject, List<PendingRevoke>> entry : List.copyOf(pendingRevokes.entrySet())) {
            List<PendingRevoke> unnamed = entry.getValue().stream()
                    .filter(pending -> !labelNames.containsAll(canonical(pending.revoke()).labels())).toList();
            putPending(entry.getKey(), stillHeld(unnamed, grantsOf(entry.getKey())));
        }
    }

    private void putPending(Subject subject, List<PendingRevoke> waiting) {
        if (waiting.isEmpty()) {
            pendingRevokes.remove(subject);
        } else {
            pendingRevokes.put(subject, List.copyOf(waiting));
        }
    }

    /** Sets the subject's grants: canonical, without duplicates or grants on deleted resources, in order. */
    private void replaceGrants(Subject subject, List<Grant> newGrants) {
        List<Grant> next = new ArrayList<>(newGrants.size());
        for (Grant grant : newGrants) {
            Grant canonical = canonical(grant);
            if (!reachesDeleted(canonical) && !next.contains(canonical)) {
                next.add(canonical);
            }
        }
        if (next.isEmpty()) {
            dropGrants(subject);
        } else {
            putGrants(subject, Collections.unmodifiableList(next));
        }
    }

    /** Labels sorted by key then value, renamed labels replaced by their new names. */
    Grant canonical(Grant grant) {
        if (grant.labels().isEmpty()) {
            return grant;
        }
        TreeSet<LabelRef> sorted = new TreeSet<>(LABEL_ORDER);
        for (LabelRef label : grant.labels()) {
            sorted.add(renamed.getOrDefault(label, label));
        }
        List<LabelRef> labelsNow = List.copyOf(sorted);
        return labelsNow.equals(grant.labels()) ? grant : new Grant(grant.roleId(), grant.resource(), labelsNow);
    }

    /** A grant on a deleted resource reaches nothing; it is not kept. */
    private boolean reachesDeleted(Grant grant) {
        if (grant.resource().type() == ResourceType.WORKSPACE) {
            return false;
        }
        ResourceState state = resources.get(grant.resource());
        return state != null && state.deleted();
    }

    // ---- immutable set helpers ----

    static <T> Set<T> union(Set<T> a, Set<T> b) {
        if (a.containsAll(b)) {
            return a;
        }
        Set<T> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** {@code set} without {@code item}, possibly empty. */
    static <T> Set<T> minus(Set<T> set, T item) {
        Set<T> rest = without(set, item);
        return rest == null ? Set.of() : rest;
    }

    /** {@code set} without {@code item}; null (remove the map entry) when nothing is left. */
    static <T> Set<T> without(Set<T> set, T item) {
        if (!set.contains(item)) {
            return set;
        }
        Set<T> rest = new HashSet<>(set);
        rest.remove(item);
        return rest.isEmpty() ? null : Set.copyOf(rest);
    }
}
