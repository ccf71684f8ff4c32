package io.iamsuite.catalogue;

import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Whether a set of grants allows an action, by the rules of the access model: a grant allows an action on a
 * resource when its role confers the action on the resource's type with the grant's scope (the catalogue) and
 * the grant reaches the resource: a workspace grant reaches everything of the role's types, a listed grant its
 * resource (and, for roles that inherit through a relation, the resource's children: a source grant reaches the
 * source's destinations), a label grant every resource carrying all its labels (or whose parent does, for an
 * inherited type). OR across grants.
 *
 * <p>The catalogue's answers are precomputed per action ({@link Compiled}: role id to the scopes with which the
 * role confers the action, and whether it reaches the action's type through a relation), so that a check costs one
 * hash lookup per grant and allocates nothing: {@link #allows(List, Compiled, ResourceRef, Set, ResourceRef, Set)}
 * is the hot path policy-service's checks take.
 */
public final class GrantEvaluator {
    private static final int WORKSPACE = 1;
    private static final int RESOURCES = 2;
    private static final int LABELS = 4;
    private static final int INHERITED = 8;

    private final Map<String, Compiled> compiled;
    /** role id -> its index in {@link Compiled#bitsByRole} and {@link #masks}. */
    private final Map<String, Integer> roleIndex = new HashMap<>();
    /** [role index * 3 + scope slot] -> the actions (by {@link Compiled#index()}) a grant of the role confers with the scope. */
    private final long[][] masks;
    private final int actionWords;

    public GrantEvaluator(RoleCatalogue catalogue) {
        List<Role> roleList = catalogue.roles();
        for (int r = 0; r < roleList.size(); r++) {
            roleIndex.put(roleList.get(r).id(), r);
        }
        actionWords = Math.max(1, (catalogue.actions().size() + 63) >>> 6);
        masks = new long[roleList.size() * 3][actionWords];
        Map<String, Compiled> byName = new HashMap<>();
        int actionIndex = 0;
        for (Action action : catalogue.actions()) {
            Map<String, Integer> flags = new HashMap<>();
            int[] bitsByRole = new int[roleList.size()];
            for (Role role : catalogue.roles()) {
                int bits = 0;
                if (catalogue.confers(role.id(), action.name(), action.type(), Scope.WORKSPACE)) {
                    bits |= WORKSPACE;
                }
                if (catalogue.confers(role.id(), action.name(), action.type(), Scope.RESOURCES)) {
                    bits |= RESOURCES;
                }
                if (catalogue.confers(role.id(), action.name(), action.type(), Scope.LABELS)) {
                    bits |= LABELS;
                }
                if (bits != 0) {
                    flags.put(role.id(), bits | (role.inherits().containsKey(action.type()) ? INHERITED : 0));
                    int r = roleIndex.get(role.id());
                    bitsByRole[r] = flags.get(role.id());
                    for (int slot = 0; slot < 3; slot++) {
                        if ((bits & (1 << slot)) != 0) {
                            masks[r * 3 + slot][actionIndex >>> 6] |= 1L << actionIndex;
                        }
                    }
                }
            }
            byName.put(action.name(), new Compiled(action, actionIndex++, Collections.unmodifiableMap(flags), bitsByRole));
        }
        this.compiled = Collections.unmodifiableMap(byName);
    }

    /** One action of the catalogue with, per role conferring it, the scopes that confer it. Immutable. */
    public static final class Compiled {
        private final Action action;
        /** role id -> WORKSPACE | RESOURCES | LABELS bits that confer the action, plus INHERITED; absent: never. */
        private final Map<String, Integer> roles;
        /** The same bits by role index ({@link GrantEvaluator#compile(List)}'s grants name roles by index). */
        private final int[] bitsByRole;
        private final int index;

        private Compiled(Action action, int index, Map<String, Integer> roles, int[] bitsByRole) {
            this.action = action;
            this.index = index;
            this.roles = roles;
            this.bitsByRole = bitsByRole;
        }

        /** The action's position in the catalogue: its bit in {@link CompiledGrants}' masks. */
        public int index() {
            return index;
        }

        public Action action() {
            return action;
        }

        public ResourceType type() {
            return action.type();
        }

        /** Whether a grant of the role reaches the action's type through a relation (a source role on destinations). */
        public boolean inherited(String roleId) {
            Integer bits = roles.get(roleId);
            return bits != null && (bits & INHERITED) != 0;
        }
    }

    /** The action as the evaluator uses it, or null for an action the catalogue does not declare. */
    public Compiled compile(String action) {
        return action == null ? null : compiled.get(action);
    }

    /**
     * What the evaluator needs to know of the checked resource: its labels, and for a type reached through a
     * relation its parent (a destination's source) and the parent's labels.
     */
    public record Target(ResourceRef resource, Set<LabelRef> labels, ResourceRef parent, Set<LabelRef> parentLabels) {
        public Target {
            labels = labels == null ? Set.of() : labels;
            parentLabels = parentLabels == null ? Set.of() : parentLabels;
        }

        public static Target of(ResourceRef resource) {
            return new Target(resource, Set.of(), null, Set.of());
        }
    }

    /**
     * Whether {@code grants} allow {@code action} on {@code target}; a {@code null} target asks about the type
     * as a whole (list it, create one): then any grant that confers the action with its scope allows it.
     *
     * @throws IllegalArgumentException for an action the catalogue does not declare
     */
    public boolean allows(Collection<Grant> grants, String action, Target target) {
        Compiled declared = compile(action);
        if (declared == null) {
            throw new IllegalArgumentException("unknown action " + action);
        }
        List<Grant> list = grants instanceof List && grants instanceof RandomAccess ? (List<Grant>) grants : List.copyOf(grants);
        return target == null
                ? allows(list, declared, null, Set.of(), null, Set.of())
                : allows(list, declared, target.resource(), target.labels(), target.parent(), target.parentLabels());
    }

    /**
     * The allocation-free form of {@link #allows(Collection, String, Target)}: {@code grants} a random-access list,
     * the target given as its parts. A {@code null} {@code resource} asks about the type as a whole.
     *
     * @param labels       the labels the resource carries (never null)
     * @param parent       for an inherited type, the resource's parent (a destination's source), else null
     * @param parentLabels the parent's labels (never null)
     */
    public boolean allows(List<Grant> grants, Compiled action, ResourceRef resource, Set<LabelRef> labels,
                          ResourceRef parent, Set<LabelRef> parentLabels) {
        Map<String, Integer> roles = action.roles;
        for (int i = 0, n = grants.size(); i < n; i++) {
            Grant grant = grants.get(i);
            ResourceRef on = grant.resource();
            List<LabelRef> required = grant.labels();
            int scope;
            if (on.type() == ResourceType.WORKSPACE) {
                scope = required.isEmpty() ? WORKSPACE : LABELS;
            } else if (required.isEmpty()) {
                scope = RESOURCES;
            } else {
                continue; // labels on anything but the workspace: no such grant reaches anything
            }
            Integer bits = roles.get(grant.roleId());
            if (bits == null || (bits & scope) == 0) {
                continue;
            }
            if (resource == null || scope == WORKSPACE) {
                return true;
            }
            boolean inherited = (bits & INHERITED) != 0;
            if (scope == RESOURCES) {
                if (inherited ? parent != null && on.equals(parent) : on.equals(resource)) {
                    return true;
                }
                continue;
            }
            // LABELS: the resource (or, for an inherited type, its parent) carries every label of the grant.
            if (carriesAll(inherited ? parentLabels : labels, required)) {
                return true;
            }
        }
        return false;
    }

    // ---- compiled grants: the form policy-service keeps per holder for its checks ----

    /** No labels, as a bit set. */
    public static final long[] NO_LABEL_BITS = new long[0];

    /** A set of labels as bits: {@code ids} numbers each label (densely, from 0) the same way for grants and resources. */
    public static long[] labelBits(java.util.Collection<LabelRef> labels, java.util.function.ToIntFunction<LabelRef> ids) {
        if (labels.isEmpty()) {
            return NO_LABEL_BITS;
        }
        long[] bits = NO_LABEL_BITS;
        for (LabelRef label : labels) {
            int id = ids.applyAsInt(label);
            if ((id >>> 6) >= bits.length) {
                bits = java.util.Arrays.copyOf(bits, (id >>> 6) + 1);
            }
            bits[id >>> 6] |= 1L << id;
        }
        return bits;
    }

    /**
     * One holder's grants in the form a check reads fastest; immutable. Workspace-wide grants are only bits in
     * {@link #workspaceWide}; resource and label grants are encoded one after the other in one {@code long[]}, so
     * that a scan reads a line or two of memory and follows no pointer until a grant matches: per grant a header
     * (role index << 4 | scope bit in the upper half; the lower half a resource grant's target hash, or the number of
     * label words that follow), then for a label grant the bits of the labels it requires. {@link #any} holds every
     * action any grant confers with its scope, so an action outside it is denied without looking at a grant. Grants
     * that reach nothing (an unknown role, labels on anything but the workspace) are left out.
     */
    public static final class CompiledGrants {
        private final long[] code;
        /** The resource grants' targets, in order, to confirm a hash match. */
        private final ResourceRef[] targets;
        private final long[] any;
        private final long[] workspaceWide;

        private CompiledGrants(long[] code, ResourceRef[] targets, long[] any, long[] workspaceWide) {
            this.code = code;
            this.targets = targets;
            this.any = any;
            this.workspaceWide = workspaceWide;
        }

        /** Every action any of the grants may confer (by {@link Compiled#index()}); a copy-free view, do not modify. */
        public long[] any() {
            return any;
        }

        /** Every action a workspace-wide grant confers, on every resource of its type. */
        public long[] workspaceWide() {
            return workspaceWide;
        }

        /** The encoded resource and label grants (see the class comment); do not modify. */
        public long[] code() {
            return code;
        }

        /** The resource grants' targets, in the order of their headers in {@link #code()}; do not modify. */
        public ResourceRef[] targets() {
            return targets;
        }

        /** How many words a scan of these grants reads. */
        public int size() {
            return code.length;
        }

        /** These grants and {@code more}, as one (a user's own grants with its groups'). */
        public CompiledGrants concat(List<CompiledGrants> more) {
            if (more.isEmpty()) {
                return this;
            }
            int words = code.length;
            int targetCount = targets.length;
            for (CompiledGrants other : more) {
                words += other.code.length;
                targetCount += other.targets.length;
            }
            long[] allCode = java.util.Arrays.copyOf(code, words);
            ResourceRef[] allTargets = java.util.Arrays.copyOf(targets, targetCount);
            long[] allAny = any.clone();
            long[] allWorkspaceWide = workspaceWide.clone();
            int w = code.length;
            int t = targets.length;
            for (CompiledGrants other : more) {
                System.arraycopy(other.code, 0, allCode, w, other.code.length);
                w += other.code.length;
                System.arraycopy(other.targets, 0, allTargets, t, other.targets.length);
                t += other.targets.length;
                for (int i = 0; i < allAny.length; i++) {
                    allAny[i] |= other.any[i];
                    allWorkspaceWide[i] |= other.workspaceWide[i];
                }
            }
            return new CompiledGrants(allCode, allTargets, allAny, allWorkspaceWide);
        }

        public static boolean has(long[] mask, int action) {
            return (mask[action >>> 6] & (1L << action)) != 0;
        }

        /** A canonical text (for tests comparing an index built incrementally with one built at once). */
        public String describe() {
            return java.util.Arrays.toString(any) + java.util.Arrays.toString(workspaceWide) + describe(code, targets);
        }

        /** The encoded grants as canonical text: sorted, label bits as numbers (equal only within one workspace). */
        public static String describe(long[] code, ResourceRef[] targets) {
            List<String> parts = new java.util.ArrayList<>();
            int t = 0;
            for (int i = 0; i < code.length; ) {
                long header = code[i++];
                int roleScope = (int) (header >>> 32);
                String part = (roleScope >>> 4) + "/" + (roleScope & 15);
                if ((roleScope & 15) == RESOURCES) {
                    part += "@" + targets[t++];
                } else {
                    int words = (int) header;
                    part += java.util.Arrays.toString(java.util.Arrays.copyOfRange(code, i, i + words));
                    i += words;
                }
                parts.add(part);
            }
            java.util.Collections.sort(parts);
            return parts.toString();
        }
    }

    /** The hash a compiled resource grant keeps of its target (stable across runs, unlike an enum's hash code). */
    public static int targetHash(ResourceRef resource) {
        return resource.id().hashCode() * 31 + resource.type().ordinal();
    }

    /**
     * The grants compiled for {@link #reaches}, their labels numbered by {@code labelIds} (which must number the
     * checked resources' labels the same way); their order is kept, duplicates are harmless.
     */
    public CompiledGrants compile(List<Grant> grants, java.util.function.ToIntFunction<LabelRef> labelIds) {
        long[] code = new long[grants.size() * 2];
        List<ResourceRef> targets = new java.util.ArrayList<>();
        long[] any = new long[actionWords];
        long[] workspaceWide = new long[actionWords];
        int length = 0;
        for (Grant grant : grants) {
            Integer role = roleIndex.get(grant.roleId());
            if (role == null) {
                continue;   // a role the catalogue does not know confers nothing
            }
            List<LabelRef> required = grant.labels();
            int slot;
            if (grant.resource().type() == ResourceType.WORKSPACE) {
                slot = required.isEmpty() ? 0 : 2;
            } else if (required.isEmpty()) {
                slot = 1;
            } else {
                continue;   // labels on anything but the workspace reach nothing
            }
            long[] confers = masks[role * 3 + slot];
            for (int w = 0; w < actionWords; w++) {
                any[w] |= confers[w];
                if (slot == 0) {
                    workspaceWide[w] |= confers[w];
                }
            }
            if (slot == 0) {
                continue;
            }
            long roleScope = (long) (role << 4 | (1 << slot)) << 32;
            if (slot == 1) {
                code = ensure(code, length + 1);
                code[length++] = roleScope | (targetHash(grant.resource()) & 0xFFFFFFFFL);
                targets.add(grant.resource());
            } else {
                long[] bits = labelBits(required, labelIds);
                code = ensure(code, length + 1 + bits.length);
                code[length++] = roleScope | bits.length;
                System.arraycopy(bits, 0, code, length, bits.length);
                length += bits.length;
            }
        }
        return new CompiledGrants(java.util.Arrays.copyOf(code, length), targets.toArray(new ResourceRef[0]), any,
                workspaceWide);
    }

    private static long[] ensure(long[] code, int length) {
        return length <= code.length ? code : java.util.Arrays.copyOf(code, Math.max(length, code.length * 2));
    }

    /**
     * Whether a resource or label grant among compiled grants (their {@link CompiledGrants#code()} and
     * {@link CompiledGrants#targets()}) allows {@code action} on {@code resource} (workspace-wide grants are
     * {@link CompiledGrants#workspaceWide()}: the caller tests that mask first). The same rule as
     * {@link #allows(List, Compiled, ResourceRef, Set, ResourceRef, Set)}, with the labels as bits ({@link #labelBits}).
     * A resource grant's target is compared by hash first, so a scan follows no pointer until one matches; the caller
     * keeps the label sets' first words and the parent's hash beside the sets, so that a scan reads neither array nor
     * the parent unless a grant needs it. Allocates nothing.
     *
     * @param labels0       the first word of {@code labels} (0 when empty)
     * @param labels        the resource's labels as bits (never null)
     * @param parent        the resource's parent (a destination's source), or null
     * @param parentHash    {@link #targetHash} of the parent (0 without one)
     * @param parentLabels0 the first word of {@code parentLabels} (0 when empty)
     * @param parentLabels  the parent's labels as bits (never null)
     */
    public boolean reaches(long[] code, ResourceRef[] targets, Compiled action, ResourceRef resource, long labels0,
                           long[] labels, ResourceRef parent, int parentHash, long parentLabels0, long[] parentLabels) {
        int[] bitsByRole = action.bitsByRole;
        int resourceHash = 0;
        boolean hashed = false;
        int target = 0;
        for (int i = 0, n = code.length; i < n; ) {
            long header = code[i++];
            int roleScope = (int) (header >>> 32);
            int scope = roleScope & 15;
            int bits = bitsByRole[roleScope >>> 4];
            boolean inherited = (bits & INHERITED) != 0;
            if (scope == RESOURCES) {
                int t = target++;
                if ((bits & RESOURCES) == 0) {
                    continue;
                }
                if (!hashed) {
                    resourceHash = targetHash(resource);
                    hashed = true;
                }
                if (inherited ? parent != null && (int) header == parentHash && targets[t].equals(parent)
                        : (int) header == resourceHash && targets[t].equals(resource)) {
                    return true;
                }
                continue;
            }
            int words = (int) header;
            int from = i;
            i += words;
            if ((bits & LABELS) != 0 && (inherited ? carriesAll(parentLabels0, parentLabels, code, from, words)
                    : carriesAll(labels0, labels, code, from, words))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the bit set {@code carried} (its first word also in {@code first}) has every bit of the code's words. */
    private static boolean carriesAll(long first, long[] carried, long[] code, int from, int words) {
        if (words == 0) {
            return true;
        }
        if ((code[from] & ~first) != 0) {
            return false;
        }
        for (int w = 1; w < words; w++) {
            long has = w < carried.length ? carried[w] : 0L;
            if ((code[from + w] & ~has) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean carriesAll(Set<LabelRef> carried, List<LabelRef> required) {
        for (int i = 0, n = required.size(); i < n; i++) {
            if (!carried.contains(required.get(i))) {
                return false;
            }
        }
        return true;
    }
}
