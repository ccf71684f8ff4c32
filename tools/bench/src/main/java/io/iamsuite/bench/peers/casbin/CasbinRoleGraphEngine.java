package io.iamsuite.bench.peers.casbin;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.catalogue.Action;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import org.casbin.jcasbin.rbac.RoleManager;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * jCasbin, a pure role graph: plain RBAC without domains and without {@code p} lines. Every permission is a node
 * {@code ws_1/source/src_5|source.update}; a check asks whether it is linked to the subject.
 *
 * <pre>
 * r = sub, obj, act       ws_1/user:u_1, ws_1/source/src_5, source.update
 * p = sub, obj, act       (no lines: with none, Casbin evaluates the matcher once)
 * g = _, _                ws_1/source/src_5|source.update -> ws_1/&lt;Source Admin&gt;@source/src_5
 *                           -> ws_1/group:g_1 -> ws_1/user:u_1
 * m = g(r.obj + "|" + r.act, r.sub)
 * </pre>
 *
 * The nodes between permission and subject are {@link CasbinDomainRbacEngine}'s, with the workspace as a name prefix
 * instead of a domain: grant nodes link to their holders, groups to their members, a destination's nodes to its
 * source's, the resources carrying all of a label grant's labels to the label grant (expanded the same way, for the
 * same reason). What the domain model's {@code p} lines say once per catalogue row is materialized here per resource:
 * each permission node links to the grant nodes that confer its action on its resource, a workspace grant's node
 * (and the owner role's) to every resource of its types in the workspace (a new resource would add its links).
 * About 2.6 million lines for the medium dataset, against 0.96 million for the domain model.
 *
 * <p>The lines point from the permission to the subject ({@code Direction.GRANT_FIRST}): Casbin's {@code g(a, b)}
 * walks breadth-first from {@code a}, and a permission is reached by a few dozen nodes (its grants, their holders,
 * the groups' members), where a user reaches hundreds of permissions (all of them walked for a denial; measured about
 * three times slower on the small dataset). A check is one such walk, with no {@code p} line to scan, which makes
 * this the faster of the two encodings. {@link #whatCanSee} walks the other way from the subject.
 */
public class CasbinRoleGraphEngine extends CasbinEngine {
    public CasbinRoleGraphEngine() {
        this(Direction.GRANT_FIRST);
    }

    CasbinRoleGraphEngine(Direction direction) {
        super(direction);
    }

    @Override
    public String name() {
        return "jcasbin-role-graph";
    }

    @Override
    protected String model() {
        return String.join("\n",
                "[request_definition]",
                "r = sub, obj, act",
                "[policy_definition]",
                "p = sub, obj, act",
                "[role_definition]",
                "g = _, _",
                "[policy_effect]",
                "e = some(where (p.eft == allow))",
                "[matchers]",
                direction == Direction.SUBJECT_FIRST ? "m = g(r.sub, r.obj + \"|\" + r.act)" : "m = g(r.obj + \"|\" + r.act, r.sub)");
    }

    @Override
    protected List<String> line(Workspace ws, String a, String b) {
        return List.of(ws.name(ws.id + "/" + a), ws.name(ws.id + "/" + b));
    }

    @Override
    protected void nodeCreated(Workspace ws, String node, String roleId, String marker, Resource target, List<List<String>> out) {
        if (CatalogueRules.WORKSPACE.equals(marker)) {
            for (Resource resource : ws.objects.values()) {
                permissions(ws, node, roleId, marker, resource, out);
            }
        } else if (target != null) {
            permissions(ws, node, roleId, marker, target, out);
        }
    }

    private void permissions(Workspace ws, String node, String roleId, String marker, Resource resource, List<List<String>> out) {
        for (String action : rules.actions(roleId, marker, resource.ref.type())) {
            out.add(link(ws, node, resource.object + "|" + action));
        }
    }

    @Override
    public boolean check(Dataset.Question q) {
        String ws = q.workspaceId();
        return enforcer.enforce(ws + "/" + subject(q.subject()), ws + "/" + CatalogueRules.object(q.resource()), q.action());
    }

    /** Casbin's {@code batchEnforce} (three-value requests only, which this model's are). */
    @Override
    public boolean[] checkBatch(List<Dataset.Question> questions) {
        List<List<String>> requests = new ArrayList<>(questions.size());
        for (Dataset.Question q : questions) {
            String ws = q.workspaceId();
            requests.add(List.of(ws + "/" + subject(q.subject()), ws + "/" + CatalogueRules.object(q.resource()), q.action()));
        }
        List<Boolean> answers = enforcer.batchEnforce(requests);
        boolean[] out = new boolean[answers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = answers.get(i);
        }
        return out;
    }

    /**
     * The permission nodes the subject reaches, by a breadth-first walk over Casbin's role manager
     * ({@code getUsers}/{@code getRoles} of each node, one visited set). Casbin's own {@code getImplicitUsersForRole}
     * (and {@code getImplicitRolesForUser}) is the same walk but keeps what it has seen in a list and checks it per
     * node, quadratic: over four minutes for the 50,000 sources of {@code ws_big} (medium), where this walk takes a
     * fraction of a second.
     */
    @Override
    public List<ResourceRef> whatCanSee(String workspaceId, Subject subject, String action, ResourceType type) {
        String prefix = workspaceId + "/" + Action.prefix(type) + "/";
        String suffix = "|" + action;
        RoleManager graph = enforcer.getRoleManager();
        String start = workspaceId + "/" + subject(subject);
        Set<String> seen = new HashSet<>();
        seen.add(start);
        ArrayDeque<String> next = new ArrayDeque<>();
        next.add(start);
        List<ResourceRef> out = new ArrayList<>();
        while (!next.isEmpty()) {
            String node = next.poll();
            List<String> linked = direction == Direction.SUBJECT_FIRST ? graph.getRoles(node) : graph.getUsers(node);
            for (String other : linked) {
                if (seen.add(other)) {
                    next.add(other);
                    if (other.startsWith(prefix) && other.endsWith(suffix)) {
                        out.add(new ResourceRef(type, other.substring(prefix.length(), other.length() - suffix.length())));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String whatCanSeeMethod() {
        return "walk of the role graph (role manager getUsers, a visited set), filtered to the action's permission nodes";
    }
}
