package io.iamsuite.bench.peers.cedar;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.Value;
import io.iamsuite.catalogue.Relation;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Cedar with <b>grant entities and static policies</b>: who holds a role on a target is entity data, not a
 * policy, and the policies — one per role x scope x type of the checked resource x how the grant reaches it, 53
 * for the whole catalogue, the same for every workspace — only say what each role confers.
 *
 * <p>A {@code Grant} entity stands for "role R on target X in workspace W" and is a parent of every holder of it:
 * {@code Grant::"ws_1|SourceAdmin|*"} (on the workspace), {@code Grant::"ws_1|SourceAdmin|SOURCE:src_4"}
 * (listed), {@code Grant::"ws_1|SourceAdmin|labels:env:prod,team:t1"} (on labels),
 * {@code Grant::"ws_1|SourceAdmin_RESOURCES|any"} (for "may the subject create one at all", asked of the workspace). Users, groups and tokens have the grants they hold as parents, and users
 * their groups: Cedar's hierarchy carries group grants to the members. Owners hold the Workspace Owner role on the
 * workspace.
 *
 * <p>A resource names the grants that would reach it, as attributes derived from its own facts alone (its id,
 * workspace, labels and parent): {@code workspaceGrants}, {@code grants} (listed on it) and {@code labelGrants}
 * (one grant entity per non-empty subset of its labels: a label grant reaches a resource when its label set is one
 * of them — "carries all" without set logic, at 2^k-1 entries for k labels, 3 in the datasets; more than 16 labels
 * on one resource are refused), each a record keyed by role; a destination names its source
 * ({@code parentSource}), whose attributes the inheriting roles read. The policies:
 * <pre>
 * permit(principal, action in [Action::"source.read", ...], resource is Source)
 *   when { principal in resource.workspaceGrants.SourceAdmin };                      // workspace grant
 * permit(principal, action in [...], resource is Source)
 *   when { principal in resource.grants.SourceAdmin };                               // listed
 * permit(principal, action in [...], resource is Source)
 *   when { principal in resource.labelGrants.SourceAdmin };                          // labels (a set)
 * permit(principal, action in [Action::"destination.read", ...], resource is Destination)
 *   when { resource has parentSource &amp;&amp;
 *          principal in resource.parentSource.labelGrants.SourceAdmin };             // inherited
 * </pre>
 * A check is handed the policies naming its action (one pre-parsed set per action) and an entity slice cut to what
 * those policies read: the principal with the grants of the roles conferring the action, its groups likewise, the
 * resource with only those roles' attributes and, for a destination, its source. Adding a user to a group adds a
 * parent; assigning a label changes the resource's {@code labelGrants}.
 *
 * <p>Slower than {@link CedarTemplatesEngine} through cedar-java: every entity reference in an attribute is parsed
 * from JSON and evaluated on each check, where a template link is a pre-parsed scope test.
 */
public final class CedarRoleEntitiesEngine extends CedarEngine {
    static final EntityTypeName GRANT = type("Grant");

    /** What the policies for one action read: per type of entity, the roles each attribute is keyed by. */
    private static final class Reads {
        final Map<ResourceType, Set<String>> workspaceGrants = new EnumMap<>(ResourceType.class);
        final Map<ResourceType, Set<String>> grants = new EnumMap<>(ResourceType.class);
        final Map<ResourceType, Set<String>> labelGrants = new EnumMap<>(ResourceType.class);
        final Set<String> anyGrants = new LinkedHashSet<>();
        /** The rules naming the action: a holder's grants of other roles and scopes are left out of its slice. */
        final Set<CedarCatalogue.Rule> rules = new HashSet<>();

        static void add(Map<ResourceType, Set<String>> attr, ResourceType type, String roleKey) {
            attr.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(roleKey);
        }
    }

    private final Map<String, PolicySet> byAction = new HashMap<>();
    private final Map<String, Reads> reads = new HashMap<>();
    private final EntityCache<Subject> principals = new EntityCache<>();
    private final EntityCache<ResourceRef> resources = new EntityCache<>();

    @Override
    public String name() {
        return "cedar-role-entities";
    }

    @Override
    void prepare() throws CacheException {
        Map<String, Set<Policy>> policiesByAction = new HashMap<>();
        for (CedarCatalogue.Rule rule : catalogue.rules()) {
            Policy policy = new Policy(text(rule), rule.id());
            String role = CedarCatalogue.roleKey(rule.role());
            Relation relation = catalogue.relationFrom(rule.on());
            for (String action : rule.actions()) {
                policiesByAction.computeIfAbsent(action, x -> new HashSet<>()).add(policy);
                Reads r = reads.computeIfAbsent(action, x -> new Reads());
                r.rules.add(rule);
                switch (rule.reach()) {
                    case WORKSPACE:
                        Reads.add(r.workspaceGrants, rule.on(), role);
                        break;
                    case LISTED:
                        Reads.add(r.grants, rule.on(), role);
                        break;
                    case LISTED_PARENT:
                        Reads.add(r.grants, relation.to(), role);
                        break;
                    case LABELS:
                        Reads.add(r.labelGrants, rule.on(), role);
                        break;
                    case PARENT_LABELS:
                        Reads.add(r.labelGrants, relation.to(), role);
                        break;
                    default:
                        r.anyGrants.add(anyKey(rule));
                }
            }
        }
        for (Map.Entry<String, Set<Policy>> e : policiesByAction.entrySet()) {
            PolicySet set = new PolicySet(e.getValue());
            set.cache();
            byAction.put(e.getKey(), set);
        }
    }

    private String text(CedarCatalogue.Rule rule) {
        String role = "." + CedarCatalogue.roleKey(rule.role());
        String head = "permit(principal, action in " + rule.actionList() + ", resource is " + cedarTypeName(rule.on())
                + ") when { ";
        Relation relation = catalogue.relationFrom(rule.on());
        switch (rule.reach()) {
            case WORKSPACE:
                return head + "principal in resource.workspaceGrants" + role + " };";
            case LISTED:
                return head + "principal in resource.grants" + role + " };";
            case LISTED_PARENT:
                return head + "resource has " + relation.name() + " && principal in resource." + relation.name()
                        + ".grants" + role + " };";
            case LABELS:
                return head + "principal in resource.labelGrants" + role + " };";
            case PARENT_LABELS:
                return head + "resource has " + relation.name() + " && principal in resource." + relation.name()
                        + ".labelGrants" + role + " };";
            default:
                return head + "principal in resource.anyGrants." + anyKey(rule) + " };";
        }
    }

    /** SourceAdmin_RESOURCES: the key of "any grant of the role with the scope" in a workspace's anyGrants. */
    private static String anyKey(CedarCatalogue.Rule rule) {
        return CedarCatalogue.roleKey(rule.role()) + "_" + rule.scope();
    }

    // ---- grant entity ids: the same function of (workspace, role, target) on the holder's and the resource's side

    private static EntityUID workspaceGrant(Tenant tenant, String roleKey) {
        return GRANT.of(tenant.id + "|" + roleKey + "|*");
    }

    private static EntityUID listedGrant(Tenant tenant, String roleKey, ResourceRef target) {
        return GRANT.of(tenant.id + "|" + roleKey + "|" + target.type() + ":" + target.id());
    }

    /** {@code labels} sorted and without repeats (a grant's labels are a set: containsAll). */
    private static EntityUID labelGrant(Tenant tenant, String roleKey, Set<String> labels) {
        return GRANT.of(tenant.id + "|" + roleKey + "|labels:" + String.join(",", labels));
    }

    private static EntityUID anyGrant(Tenant tenant, String anyKey) {
        return GRANT.of(tenant.id + "|" + anyKey + "|any");
    }

    /**
     * The grant entities a holder is a child of, for the rules naming {@code action}: one per grant and rule it
     * reaches through (owners: the owner role on the workspace).
     */
    private Set<EntityUID> grantsHeld(Tenant tenant, Subject holder, Reads reads) {
        Set<EntityUID> out = new LinkedHashSet<>();
        List<Grant> grants = new ArrayList<>(tenant.grantsOf(holder));
        if (tenant.isOwner(holder)) {
            grants.add(Grant.on(catalogue.owner().id(), tenant.workspaceRef()));
        }
        for (Grant grant : grants) {
            for (CedarCatalogue.Rule rule : catalogue.rulesOf(grant)) {
                if (!reads.rules.contains(rule)) {
                    continue;
                }
                String role = CedarCatalogue.roleKey(rule.role());
                switch (rule.reach()) {
                    case WORKSPACE:
                        out.add(workspaceGrant(tenant, role));
                        break;
                    case LISTED:
                    case LISTED_PARENT:
                        if (catalogue.listedTargetFits(rule, grant.resource().type())) {
                            out.add(listedGrant(tenant, role, grant.resource()));
                        }
                        break;
                    case LABELS:
                    case PARENT_LABELS:
                        out.add(labelGrant(tenant, role,
                                grant.labels().stream().map(CedarEngine::label).collect(Collectors.toCollection(TreeSet::new))));
                        break;
                    default:
                        out.add(anyGrant(tenant, anyKey(rule)));
                }
            }
        }
        return out;
    }

    @Override
    PolicySet policies(Tenant tenant, Subject subject, String action) {
        return tenant.knows(subject) ? byAction.get(action) : null;
    }

    @Override
    EntityUID principal(Tenant tenant, Subject subject, String action, Set<Entity> slice) {
        Reads r = reads.get(action);
        Entity entity = principals.get(tenant, subject, action, () -> {
            Set<EntityUID> parents = grantsHeld(tenant, subject, r);
            if (subject.type() == Subject.Type.USER) {
                tenant.groupsOf(subject.id()).forEach(g -> parents.add(uid(tenant, Subject.group(g))));
            }
            return new Entity(uid(tenant, subject), new HashMap<>(), parents);
        });
        slice.add(entity);
        if (subject.type() == Subject.Type.USER) {
            for (String group : tenant.groupsOf(subject.id())) {
                Subject g = Subject.group(group);
                slice.add(principals.get(tenant, g, action,
                        () -> new Entity(uid(tenant, g), new HashMap<>(), grantsHeld(tenant, g, r))));
            }
        }
        return entity.getEUID();
    }

    @Override
    EntityUID resource(Tenant tenant, ResourceRef ref, String action, Set<Entity> slice) {
        Reads r = reads.get(action);
        Entity entity = resources.get(tenant, ref, action, () -> resourceEntity(tenant, ref, r));
        slice.add(entity);
        Tenant.Resource known = tenant.resources.get(ref);
        if (known != null && known.parent != null) {
            slice.add(resources.get(tenant, known.parent, action, () -> resourceEntity(tenant, known.parent, r)));
        }
        return entity.getEUID();
    }

    /** The resource as the policies for one action read it: the grants that would reach it, by role. */
    private Entity resourceEntity(Tenant tenant, ResourceRef ref, Reads reads) {
        ResourceType type = ref.type();
        Map<String, Value> attrs = new HashMap<>();
        Set<String> ws = reads.workspaceGrants.getOrDefault(type, Set.of());
        if (!ws.isEmpty()) {
            attrs.put("workspaceGrants", record(ws, role -> workspaceGrant(tenant, role)));
        }
        Set<String> listed = reads.grants.getOrDefault(type, Set.of());
        if (!listed.isEmpty()) {
            attrs.put("grants", record(listed, role -> listedGrant(tenant, role, ref)));
        }
        Tenant.Resource known = tenant.resources.get(ref);
        Set<String> labelled = reads.labelGrants.getOrDefault(type, Set.of());
        if (!labelled.isEmpty()) {
            List<Set<String>> subsets = subsets(known == null ? Set.of() : known.labels);
            attrs.put("labelGrants", record(labelled, role -> new CedarList(subsets.stream()
                    .map(s -> (Value) labelGrant(tenant, role, s)).collect(Collectors.toList()))));
        }
        if (type == ResourceType.WORKSPACE && !reads.anyGrants.isEmpty()) {
            attrs.put("anyGrants", record(reads.anyGrants, key -> anyGrant(tenant, key)));
        }
        Relation relation = catalogue.relationFrom(type);
        if (known != null && known.parent != null && relation != null) {
            attrs.put(relation.name(), uid(tenant, known.parent));
        }
        return new Entity(uid(tenant, ref), attrs, new HashSet<>());
    }

    private static CedarMap record(Set<String> keys, java.util.function.Function<String, Value> value) {
        CedarMap map = new CedarMap();
        keys.forEach(k -> map.put(k, value.apply(k)));
        return map;
    }

    /** Every non-empty subset of the labels, each sorted. */
    static List<Set<String>> subsets(Set<LabelRef> labels) {
        List<String> sorted = labels.stream().map(CedarEngine::label).sorted().distinct().collect(Collectors.toList());
        if (sorted.size() > 16) {
            throw new IllegalArgumentException("too many labels on one resource for this encoding: " + sorted.size());
        }
        List<Set<String>> out = new ArrayList<>();
        for (int mask = 1; mask < 1 << sorted.size(); mask++) {
            Set<String> subset = new TreeSet<>();
            for (int i = 0; i < sorted.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    subset.add(sorted.get(i));
                }
            }
            out.add(subset);
        }
        return out;
    }

    @Override
    void addedToGroup(Tenant tenant, String userId, String groupId) {
        principals.drop(tenant, Subject.user(userId));
    }

    @Override
    void labelAssigned(Tenant tenant, ResourceRef resource) {
        resources.drop(tenant, resource);
    }
}
