package io.iamsuite.bench.peers.cedar;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.policy.LinkValue;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.policy.TemplateLink;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import io.iamsuite.catalogue.Relation;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Cedar with a <b>policy template per role, scope and type</b>, linked once per grant: Cedar's own way of saying
 * "this subject holds this role on this target" (what AWS Verified Permissions calls template-linked policies).
 *
 * <p>Templates, generated from the catalogue ({@link CedarCatalogue}), one per role x scope x type of the checked
 * resource x how the grant reaches it, each with the actions the role confers there:
 * <pre>
 * // workspace grant (linked with ?resource = Workspace::"ws_1"); creation on the workspace or under a parent too
 * permit(principal in ?principal, action in [Action::"source.read", ...], resource is Source in ?resource);
 * // listed grant (?resource = Source::"ws_1/src_4")
 * permit(principal in ?principal, action in [...], resource == ?resource);
 * // listed grant reaching a child type (Source Admin on destinations; ?resource = the source)
 * permit(principal in ?principal, action in [Action::"destination.read", ...], resource is Destination in ?resource);
 * // label grant: templates have no slot for values, so one template per label set (?resource = the workspace)
 * permit(principal in ?principal, action in [...], resource is Source in ?resource)
 *   when { resource has labels &amp;&amp; resource.labels.containsAll(["env:prod", "team:t1"]) };
 * permit(principal in ?principal, action in [...], resource is Destination in ?resource)
 *   when { resource has parentSource &amp;&amp; resource.parentSource.labels.containsAll(["env:prod"]) };
 * </pre>
 * A grant is one link per template its role and scope use, with {@code ?principal} the holder (a user, a group, a
 * token); owners (members and tokens with owner access) hold the Workspace Owner role on the workspace.
 * {@code principal in ?principal} covers group grants: a user's entity has its groups as parents.
 *
 * <p>Entities: {@code User} (parents: its groups), {@code Group}, {@code Token}, {@code Workspace}, and one type per
 * resource type: {@code Source} (attribute {@code labels}, parent: the workspace), {@code Destination} (attribute
 * {@code parentSource}, parents: its source and the workspace). A check passes the principal, the resource and, for
 * a destination, its source: Cedar needs the ancestors only as far as the policies look.
 *
 * <p>Policies per check ({@link Slicing}): Cedar evaluates every policy of the set it is given (it has no index),
 * and through cedar-java a linked policy costs a few microseconds per check, so a workspace's store of some 1,000
 * links is sliced: a check gets the links of the principal and of its groups whose template names the action
 * ({@link Slicing#PRINCIPAL}, the default, typically 2 to 10 links) — the slicing Cedar's policy heads
 * (principal, action and resource constraints) are designed for. A slice is pre-parsed into the native library
 * the first time the principal asks for the action (and again after the principal joins a group); a principal with
 * no link naming the action is denied without calling Cedar (its slice is empty).
 * {@link Slicing#WORKSPACE} hands Cedar the tenant's whole store instead (one pre-parsed set per workspace), for
 * comparison ({@code -Diam.bench.cedar.slicing=workspace}): some 50 times slower per check.
 */
public final class CedarTemplatesEngine extends CedarEngine {

    /** Which policies a check hands Cedar. */
    public enum Slicing {
        /** The links of the principal and of its groups that name the action, pre-parsed on first use. */
        PRINCIPAL,
        /** Every link of the workspace (the tenant's policy store), pre-parsed per workspace at load. */
        WORKSPACE
    }

    /**
     * Principals whose slices are kept pre-parsed; beyond that the least recently checked are dropped (cedar-java
     * frees a cached set's native copy when the Java object is collected).
     */
    static final int MAX_PRINCIPAL_SLICES = 100_000;

    private record Link(String templateId, EntityUID principal, EntityUID resource) {
    }

    private final Slicing slicing;
    private final Map<String, Policy> templates = new ConcurrentHashMap<>();
    /** tenant -> holder -> its links (owners included), built on first use. */
    private final Map<String, Map<Subject, List<Link>>> links = new ConcurrentHashMap<>();
    private final Map<String, PolicySet> workspaceSets = new HashMap<>();
    /** Template id -> the actions it names. */
    private final Map<String, Set<String>> templateActions = new ConcurrentHashMap<>();
    /** Principal -> action -> its slice (PRINCIPAL), least recently used first. */
    private final Map<String, Map<String, PolicySet>> principalSets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, PolicySet>> eldest) {
            return size() > MAX_PRINCIPAL_SLICES;
        }
    };
    private final EntityCache<Subject> principals = new EntityCache<>();
    private final EntityCache<ResourceRef> resources = new EntityCache<>();

    public CedarTemplatesEngine() {
        this(Slicing.valueOf(System.getProperty("iam.bench.cedar.slicing", "principal").toUpperCase(Locale.ROOT)));
    }

    public CedarTemplatesEngine(Slicing slicing) {
        this.slicing = slicing;
    }

    @Override
    public String name() {
        return slicing == Slicing.PRINCIPAL ? "cedar-templates" : "cedar-templates-workspace";
    }

    @Override
    void prepare() throws CacheException {
        PolicySet.setCacheMaxPolicySets(NATIVE_POLICY_SET_CACHE);
        if (slicing == Slicing.WORKSPACE) {
            for (Tenant tenant : tenants.values()) {
                List<Link> all = new ArrayList<>();
                tenant.members.keySet().forEach(u -> all.addAll(links(tenant, Subject.user(u))));
                tenant.tokens.keySet().forEach(t -> all.addAll(links(tenant, Subject.token(t))));
                tenant.groups.forEach(g -> all.addAll(links(tenant, Subject.group(g))));
                PolicySet set = policySet(all);
                set.cache();
                workspaceSets.put(tenant.id, set);
            }
        }
    }

    /** A holder's links, built on first use (a principal slice needs only its own and its groups'). */
    private List<Link> links(Tenant tenant, Subject holder) {
        return links.computeIfAbsent(tenant.id, t -> new ConcurrentHashMap<>()).computeIfAbsent(holder, h -> linksOf(tenant, h));
    }

    /** The links of one holder's grants (and of its ownership); what a grant-created event would add. */
    private List<Link> linksOf(Tenant tenant, Subject holder) {
        EntityUID principal = uid(tenant, holder);
        EntityUID workspace = uid(tenant, tenant.workspaceRef());
        Set<Link> out = new LinkedHashSet<>();
        List<Grant> grants = new ArrayList<>(tenant.grantsOf(holder));
        if (tenant.isOwner(holder)) {
            grants.add(Grant.on(catalogue.owner().id(), tenant.workspaceRef()));
        }
        for (Grant grant : grants) {
            for (CedarCatalogue.Rule rule : catalogue.rulesOf(grant)) {
                switch (rule.reach()) {
                    case LISTED:
                    case LISTED_PARENT:
                        if (catalogue.listedTargetFits(rule, grant.resource().type())) {
                            out.add(new Link(template(rule, List.of()), principal, uid(tenant, grant.resource())));
                        }
                        break;
                    case LABELS:
                    case PARENT_LABELS:
                        out.add(new Link(template(rule, grant.labels()), principal, workspace));
                        break;
                    default:
                        out.add(new Link(template(rule, List.of()), principal, workspace));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The template for a rule (and a label set), created on first use; returns its id. */
    private String template(CedarCatalogue.Rule rule, List<LabelRef> labels) {
        String required = labels.stream().map(CedarEngine::label).collect(Collectors.toCollection(TreeSet::new)).stream()
                .map(l -> "\"" + l + "\"").collect(Collectors.joining(", ", "[", "]"));
        String id = labels.isEmpty() ? rule.id() : rule.id() + required;
        if (!templates.containsKey(id)) {
            templateActions.putIfAbsent(id, Set.copyOf(rule.actions()));
            templates.putIfAbsent(id, new Policy(text(rule, required), id));
        }
        return id;
    }

    private String text(CedarCatalogue.Rule rule, String requiredLabels) {
        String head = "permit(principal in ?principal, action in " + rule.actionList() + ", ";
        String scoped = head + "resource is " + cedarTypeName(rule.on()) + " in ?resource)";
        switch (rule.reach()) {
            case LISTED:
                return head + "resource == ?resource);";
            case LABELS:
                return scoped + " when { resource has labels && resource.labels.containsAll(" + requiredLabels + ") };";
            case PARENT_LABELS: {
                String parent = catalogue.relationFrom(rule.on()).name();
                return scoped + " when { resource has " + parent + " && resource." + parent + ".labels.containsAll("
                        + requiredLabels + ") };";
            }
            default:
                return scoped + ";";
        }
    }

    private PolicySet policySet(List<Link> links) {
        Set<Policy> used = new HashSet<>();
        List<TemplateLink> linked = new ArrayList<>(links.size());
        for (Link link : links) {
            used.add(templates.get(link.templateId()));
            linked.add(new TemplateLink(link.templateId(), "l" + linked.size(),
                    List.of(new LinkValue("?principal", link.principal()), new LinkValue("?resource", link.resource()))));
        }
        return new PolicySet(new HashSet<>(), used, linked);
    }

    @Override
    PolicySet policies(Tenant tenant, Subject subject, String action) {
        if (!tenant.knows(subject)) {
            return null;
        }
        if (slicing == Slicing.WORKSPACE) {
            return workspaceSets.get(tenant.id);
        }
        Map<String, PolicySet> byAction;
        synchronized (principalSets) {
            byAction = principalSets.computeIfAbsent(principalKey(tenant, subject), k -> new ConcurrentHashMap<>(4));
        }
        PolicySet set = byAction.get(action);
        if (set == null) {
            List<Link> slice = new ArrayList<>();
            addNaming(action, links(tenant, subject), slice);
            if (subject.type() == Subject.Type.USER) {
                for (String group : tenant.groupsOf(subject.id())) {
                    addNaming(action, links(tenant, Subject.group(group)), slice);
                }
            }
            set = policySet(slice);
            if (!slice.isEmpty()) {
                try {
                    set.cache();
                } catch (CacheException e) {
                    throw new IllegalStateException("cannot pre-parse the policies of " + subject + ": " + e.getMessage(), e);
                }
            }
            PolicySet raced = byAction.putIfAbsent(action, set);
            set = raced == null ? set : raced;
        }
        return set.templateLinks.isEmpty() ? null : set;
    }

    private void addNaming(String action, List<Link> links, List<Link> out) {
        for (Link link : links) {
            if (templateActions.get(link.templateId()).contains(action)) {
                out.add(link);
            }
        }
    }

    private static String principalKey(Tenant tenant, Subject subject) {
        return tenant.id + "/" + subject.type() + "/" + subject.id();
    }

    @Override
    EntityUID principal(Tenant tenant, Subject subject, String action, Set<Entity> slice) {
        Entity entity = principals.get(tenant, subject, "", () -> {
            Set<EntityUID> parents = new HashSet<>();
            if (subject.type() == Subject.Type.USER && tenant.knows(subject)) {
                tenant.groupsOf(subject.id()).forEach(g -> parents.add(uid(tenant, Subject.group(g))));
            }
            return new Entity(uid(tenant, subject), new HashMap<>(), parents);
        });
        slice.add(entity);
        return entity.getEUID();
    }

    @Override
    EntityUID resource(Tenant tenant, ResourceRef ref, String action, Set<Entity> slice) {
        Entity entity = resources.get(tenant, ref, "", () -> resourceEntity(tenant, ref));
        slice.add(entity);
        Tenant.Resource known = tenant.resources.get(ref);
        if (known != null && known.parent != null) {
            slice.add(resources.get(tenant, known.parent, "", () -> resourceEntity(tenant, known.parent)));
        }
        return entity.getEUID();
    }

    private Entity resourceEntity(Tenant tenant, ResourceRef ref) {
        EntityUID uid = uid(tenant, ref);
        if (ref.type() == ResourceType.WORKSPACE) {
            return new Entity(uid, new HashMap<>(), new HashSet<>());
        }
        Map<String, Value> attrs = new HashMap<>();
        Set<EntityUID> parents = new HashSet<>();
        parents.add(uid(tenant, tenant.workspaceRef()));
        Tenant.Resource known = tenant.resources.get(ref);
        if (catalogue.labelledTypes().contains(ref.type()) || known != null && !known.labels.isEmpty()) {
            List<Value> labels = new ArrayList<>();
            if (known != null) {
                known.labels.forEach(l -> labels.add(new PrimString(label(l))));
            }
            attrs.put("labels", new CedarList(labels));
        }
        Relation relation = catalogue.relationFrom(ref.type());
        if (known != null && known.parent != null && relation != null) {
            EntityUID parent = uid(tenant, known.parent);
            attrs.put(relation.name(), parent);
            parents.add(parent);
        }
        return new Entity(uid, attrs, parents);
    }

    @Override
    void addedToGroup(Tenant tenant, String userId, String groupId) {
        Subject user = Subject.user(userId);
        principals.drop(tenant, user);
        synchronized (principalSets) {
            principalSets.remove(principalKey(tenant, user)); // its slices hold its groups' links
        }
    }

    @Override
    void labelAssigned(Tenant tenant, ResourceRef resource) {
        resources.drop(tenant, resource);
    }
}
