package io.iamsuite.bench.peers.casbin;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.peers.Engine;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.persist.Adapter;
import org.casbin.jcasbin.util.Util;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the jCasbin encodings share: turning the dataset (and later changes) into Casbin policy lines, one workspace
 * at a time, and asking the enforcer. The encodings differ in the model, in how a line between two nodes of a
 * workspace is written ({@link #line}), in the direction of the lines ({@link Direction}) and in what a grant's node
 * brings along ({@link #nodeCreated}).
 *
 * <p>Every grant becomes a node of its workspace's role graph, linked to its user, group or token by a {@code g}
 * line; groups are linked to their members the same way; owners and owner tokens hold the owner role on the
 * workspace. What Casbin cannot say by itself is spelled out as more {@code g} lines, kept up to date by this
 * class the way a Casbin deployment's sync job would (Casbin itself only stores lines):
 * <ul>
 *   <li>a listed grant on a source reaches the source's destinations: {@code role@source/s -> role@^destination/d};
 *   <li>a label grant reaches the resources that carry ALL its labels: {@code role#env:prod,team:t1 -> role%source/s}
 *       for each such source (and {@code role%source/s -> role%^destination/d}); an assigned label adds the links of
 *       the label grants it completes. Casbin's role links are OR only, and its matcher can join a request with one
 *       policy line at a time, so an ALL-of-these-labels rule over label grants held in the role graph has no other
 *       form that does not scan every grant of every workspace per check.
 * </ul>
 * Arrows here go from the subject's side to the permission's; {@link Direction} decides which way the {@code g}
 * lines are written. The index of resources, labels and label grants per workspace is this class's, for the writes;
 * checks only ask Casbin.
 */
abstract class CasbinEngine implements Engine {
    /**
     * Which way the {@code g} lines point. Both are the same graph; Casbin's {@code g(a, b)} walks breadth-first from
     * {@code a} through everything {@code a} inherits until it meets {@code b}, so the direction decides which end's
     * fan-out a check pays for.
     */
    enum Direction {
        /**
         * Casbin's usual reading, a user has a role: {@code g, user:u_1, group:g_1}, {@code g, group:g_1, <grant>}.
         * A check walks everything the subject reaches: all its grants and the resources they reach (a user holding
         * a label grant over 50,000 sources walks 50,000 nodes per check).
         */
        SUBJECT_FIRST,
        /**
         * Reversed: {@code g, <grant>, group:g_1}, {@code g, group:g_1, user:u_1}. A check walks from the node of
         * the grant that would allow the request to its holders and their members, which is a few dozen nodes.
         */
        GRANT_FIRST
    }

    protected final RoleCatalogue catalogue;
    protected final CatalogueRules rules;
    protected final Direction direction;
    private final Map<String, Workspace> workspaces = new HashMap<>();
    protected Enforcer enforcer;

    CasbinEngine(Direction direction) {
        this.catalogue = RoleCatalogue.load();
        this.rules = new CatalogueRules(catalogue);
        this.direction = direction;
    }

    // ---- the encoding ----

    /** The model (request, policy, role definitions, effect, matcher) in Casbin's text form. */
    protected abstract String model();

    /** The {@code p} lines, generated from the catalogue (the dataset's grants are all {@code g} lines). */
    protected List<List<String>> policies() {
        return List.of();
    }

    /** The {@code g} line {@code a, b} of the workspace. */
    protected abstract List<String> line(Workspace ws, String a, String b);

    /** The {@code g} line linking {@code from} (nearer the subject) to {@code to} (nearer the permission). */
    final List<String> link(Workspace ws, String from, String to) {
        return direction == Direction.SUBJECT_FIRST ? line(ws, from, to) : line(ws, to, from);
    }

    /**
     * What the encoding adds when a grant node first appears: {@code target} is the resource the node reaches (null for
     * a workspace grant or a label grant).
     */
    protected void nodeCreated(Workspace ws, String node, String roleId, String marker, Resource target, List<List<String>> out) {
    }

    /** The enforcer for the model and the generated lines; the cached engine takes a CachedEnforcer. */
    protected Enforcer newEnforcer(Model model, Adapter adapter) {
        return new Enforcer(model, adapter);
    }

    /** After every change has reached the enforcer (the cached engine invalidates its decisions here). */
    protected void changed() {
    }

    /** The enforcer holding the dataset (for the benchmarks). */
    public Enforcer enforcer() {
        return enforcer;
    }

    // ---- load ----

    @Override
    public void load(Dataset dataset) {
        if (enforcer != null) {
            throw new IllegalStateException("already loaded");
        }
        List<List<String>> lines = new ArrayList<>();
        for (Dataset.Workspace w : dataset.workspaces()) {
            Workspace ws = new Workspace(w.id());
            workspaces.put(w.id(), ws);
            index(ws, w);
            for (Dataset.Member member : w.members()) {
                if (member.role() == MemberRole.OWNER) {
                    hold(ws, subject(Subject.user(member.userId())), Grant.on(rules.ownerRoleId(), ResourceRef.workspace(w.id())), lines);
                }
            }
            w.groups().forEach((group, users) -> users.forEach(user ->
                    lines.add(link(ws, subject(Subject.user(user)), subject(Subject.group(group))))));
            for (Dataset.Token token : w.tokens()) {
                if (token.access() == TokenEvent.Access.OWNER) {
                    hold(ws, subject(Subject.token(token.tokenId())), Grant.on(rules.ownerRoleId(), ResourceRef.workspace(w.id())), lines);
                }
            }
            for (Dataset.Held held : w.grants()) {
                hold(ws, subject(held.holder()), held.grant(), lines);
            }
            ws.names.clear();
        }
        Model model = new Model();
        model.loadModelFromText(model());
        Util.enableLog = false;   // jCasbin logs every request (and the whole policy on load) at INFO otherwise
        enforcer = newEnforcer(model, new GeneratedPolicyAdapter(policies(), lines));
        enforcer.enableAutoSave(false);
    }

    private void index(Workspace ws, Dataset.Workspace w) {
        ws.put(new Resource(ResourceRef.workspace(w.id()), List.of()));
        for (Dataset.Resource r : w.resources()) {
            ws.put(new Resource(r.ref(), r.labels()));
        }
        for (Dataset.Resource r : w.resources()) {
            if (r.parentSourceId() != null) {
                Resource child = ws.objects.get(CatalogueRules.object(r.ref()));
                ResourceType parentType = rules.parentType(r.ref().type());
                Resource parent = parentType == null ? null : ws.objects.get(CatalogueRules.object(new ResourceRef(parentType, r.parentSourceId())));
                if (parent != null) {
                    parent.children.add(child);
                }
            }
        }
    }

    // ---- the role graph of a workspace ----

    /** {@code holder} holds {@code grant}: a link to the grant's node, created (with what it reaches) if new. */
    private void hold(Workspace ws, String holder, Grant grant, List<List<String>> out) {
        String node = grantNode(ws, grant, out);
        if (node != null) {
            out.add(link(ws, holder, node));
        }
    }

    private String grantNode(Workspace ws, Grant grant, List<List<String>> out) {
        String role = grant.roleId();
        if (!rules.known(role)) {
            return null;   // an unknown role confers nothing
        }
        ResourceRef on = grant.resource();
        if (on.type() == ResourceType.WORKSPACE) {
            if (grant.labels().isEmpty()) {
                String node = ws.name(role);
                if (ws.nodes.add(node)) {
                    nodeCreated(ws, node, role, CatalogueRules.WORKSPACE, null, out);
                }
                return node;
            }
            List<LabelRef> labels = grant.labels().stream().distinct()
                    .sorted(Comparator.comparing(LabelRef::toString)).collect(Collectors.toList());
            String node = ws.name(role + CatalogueRules.LABEL_GRANT
                    + labels.stream().map(LabelRef::toString).collect(Collectors.joining(",")));
            if (ws.nodes.add(node)) {
                LabelGrant labelGrant = new LabelGrant(node, role, labels);
                labels.forEach(label -> ws.labelGrants.computeIfAbsent(label, l -> new ArrayList<>()).add(labelGrant));
                nodeCreated(ws, node, role, CatalogueRules.LABEL_GRANT, null, out);
                for (Resource resource : ws.objects.values()) {
                    reachByLabels(ws, labelGrant, resource, out);
                }
            }
            return node;
        }
        if (!grant.labels().isEmpty()) {
            return null;   // labels on anything but the workspace reach nothing
        }
        Resource target = ws.objects.get(CatalogueRules.object(on));
        if (target == null) {
            target = new Resource(on, List.of());   // a resource the dataset does not know: reached by name only
        }
        return reach(ws, role, CatalogueRules.LISTED, target, out);
    }

    /** The node by which the role reaches {@code target} the {@code marker} way, and its children through it. */
    private String reach(Workspace ws, String role, String marker, Resource target, List<List<String>> out) {
        String node = ws.name(role + marker + target.object);
        if (ws.nodes.add(node)) {
            nodeCreated(ws, node, role, marker, target, out);
            for (Resource child : target.children) {
                if (rules.inheritsTo(role, child.ref.type())) {
                    out.add(link(ws, node, reach(ws, role, marker + "^", child, out)));
                }
            }
        }
        return node;
    }

    /** Links the label grant to the resource if the resource carries all its labels and its role reaches such resources. */
    private void reachByLabels(Workspace ws, LabelGrant grant, Resource resource, List<List<String>> out) {
        if (rules.labelReaches(grant.roleId(), resource.ref.type()) && resource.labels.containsAll(grant.labels())) {
            out.add(link(ws, grant.node(), reach(ws, grant.roleId(), CatalogueRules.LABELLED, resource, out)));
        }
    }

    /** {@code user:u_1}, {@code group:g_1}, {@code token:tok_1}. */
    static String subject(Subject subject) {
        switch (subject.type()) {
            case USER:
                return "user:" + subject.id();
            case GROUP:
                return "group:" + subject.id();
            default:
                return "token:" + subject.id();
        }
    }

    // ---- engine ----

    @Override
    public List<ResourceRef> whatCanSee(String workspaceId, Subject subject, String action, ResourceType type) {
        Workspace ws = workspaces.get(workspaceId);
        List<ResourceRef> out = new ArrayList<>();
        if (ws == null) {
            return out;
        }
        for (Resource resource : ws.objects.values()) {
            if (resource.ref.type() == type && check(new Dataset.Question(workspaceId, subject, action, resource.ref))) {
                out.add(resource.ref);
            }
        }
        return out;
    }

    @Override
    public void addToGroup(String workspaceId, String userId, String groupId) {
        Workspace ws = workspaces.get(workspaceId);
        if (ws == null) {
            return;
        }
        enforcer.addGroupingPolicy(link(ws, subject(Subject.user(userId)), subject(Subject.group(groupId))));
        changed();
    }

    @Override
    public void assignLabel(String workspaceId, ResourceRef resource, LabelRef label) {
        Workspace ws = workspaces.get(workspaceId);
        Resource target = ws == null ? null : ws.objects.get(CatalogueRules.object(resource));
        if (target == null || !target.labels.add(label)) {
            return;
        }
        List<List<String>> lines = new ArrayList<>();
        for (LabelGrant grant : ws.labelGrants.getOrDefault(label, List.of())) {
            reachByLabels(ws, grant, target, lines);
        }
        if (!lines.isEmpty()) {
            enforcer.addGroupingPoliciesEx(lines);   // Ex: a line already there does not void the batch
        }
        changed();
    }

    // ---- the index ----

    /** One workspace as the encodings need it for writes: its resources, their parents and labels, its label grants. */
    static final class Workspace {
        final String id;
        /** object name ({@code source/src_5}, {@code workspace/ws_1}) -> resource, in dataset order. */
        final Map<String, Resource> objects = new LinkedHashMap<>();
        /** label -> the label grants that require it. */
        final Map<LabelRef, List<LabelGrant>> labelGrants = new HashMap<>();
        /** The grant and reach nodes that exist (so that each brings its links once). */
        final Set<String> nodes = new HashSet<>();
        /** One string per node name while loading (millions of lines name the same nodes). */
        final Map<String, String> names = new HashMap<>();

        Workspace(String id) {
            this.id = id;
        }

        void put(Resource resource) {
            objects.put(resource.object, resource);
        }

        String name(String name) {
            String known = names.putIfAbsent(name, name);
            return known == null ? name : known;
        }
    }

    /** A resource (or the workspace itself) with its labels and the children that inherit through it. */
    static final class Resource {
        final ResourceRef ref;
        final String object;
        final Set<LabelRef> labels;
        final List<Resource> children = new ArrayList<>(0);

        Resource(ResourceRef ref, List<LabelRef> labels) {
            this.ref = ref;
            this.object = CatalogueRules.object(ref);
            this.labels = new HashSet<>(labels);
        }
    }

    record LabelGrant(String node, String roleId, List<LabelRef> labels) {
    }
}
