package io.iamsuite.bench.peers.casbin;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.catalogue.Action;

import java.util.ArrayList;
import java.util.List;

/**
 * jCasbin, RBAC with domains: the domain is the workspace, every tenant fact is a {@code g} line in its domain, and
 * the {@code p} lines are the role catalogue, the same 155 lines for every workspace.
 *
 * <pre>
 * r = sub, dom, type, obj, act      user:u_1, ws_1, source, source/src_5, source.update
 * p = role, scope, type, act        &lt;Source Admin&gt;, @, source, source.update        (one line per catalogue row)
 * g = _, _, _                       &lt;Source Admin&gt;@source/src_5, group:g_1, ws_1   (grant node, holder, domain)
 *                                   group:g_1, user:u_1, ws_1
 * m = r.act == p.act &amp;&amp; r.type == p.type
 *     &amp;&amp; g(p.scope == "*" ? p.role : p.role + p.scope + r.obj, r.sub, r.dom)
 * </pre>
 *
 * <ul>
 *   <li>Roles per domain: a workspace grant is the role itself ({@code <Source Read-only>} in {@code ws_1}); a listed
 *       grant is the role on an object ({@code <Source Admin>@source/src_5}); owners and owner tokens hold the owner
 *       role, whose {@code p} lines are every action of the catalogue.
 *   <li>Object matching: per {@code p} line the matcher names the node of the grant that would allow the request
 *       ({@code @} listed, {@code @^} listed on the parent, {@code %} by labels, {@code %^} by the parent's labels) and
 *       asks the domain's role graph whether it links to the subject.
 *   <li>Destinations through their source: {@code <Source Admin>@^destination/d} is linked to
 *       {@code <Source Admin>@source/s} for each destination of the source (present ones; a new destination would
 *       add its links), so the source role includes its destinations'.
 *   <li>Label grants (ALL labels) are expanded: the grant is a node {@code <role>#env:prod,team:t1} linked to
 *       {@code <role>%source/s} of every source carrying all its labels; assigning a label adds the links of the
 *       label grants it completes. Not attribute matching or a custom function: a Casbin check joins the request
 *       with one {@code p} line at a time, so an ABAC form needs a {@code p} line per label grant (hundreds of
 *       thousands, scanned on every check), and a function that looks the grants up would be our evaluator, not
 *       Casbin.
 *   <li>The {@code g} lines point from the grant to its holders ({@code Direction.GRANT_FIRST}): a check walks from
 *       the one node that would allow it to its few holders, where the usual user-to-role direction walks everything
 *       the user reaches, once per candidate {@code p} line (on the medium dataset a few times slower, and a label
 *       grant over 50,000 sources makes every check of its holder walk 50,000 nodes).
 * </ul>
 *
 * Cost of a check: Casbin evaluates the matcher against the {@code p} lines in order until one allows (all 155 for a
 * denial, about a third of the cost even when no action matches), and each line whose action and type match costs a
 * walk of the role graph. {@link #whatCanSee} is a check per resource: the model has no reverse query. Not encoded:
 * creation asked on the workspace or on a parent ({@code destination.create} on a source), which the benchmark does
 * not ask; membership itself (removing a member would remove its lines).
 */
public final class CasbinDomainRbacEngine extends CasbinEngine {
    /** The node of the grant that would allow the request by this {@code p} line. */
    private static final String NODE = "(p.scope == \"*\" ? p.role : p.role + p.scope + r.obj)";

    public CasbinDomainRbacEngine() {
        this(Direction.GRANT_FIRST);
    }

    CasbinDomainRbacEngine(Direction direction) {
        super(direction);
    }

    @Override
    public String name() {
        return "jcasbin-domain-rbac";
    }

    @Override
    protected String model() {
        return String.join("\n",
                "[request_definition]",
                "r = sub, dom, type, obj, act",
                "[policy_definition]",
                "p = role, scope, type, act",
                "[role_definition]",
                "g = _, _, _",
                "[policy_effect]",
                "e = some(where (p.eft == allow))",
                "[matchers]",
                "m = r.act == p.act && r.type == p.type && "
                        + (direction == Direction.SUBJECT_FIRST ? "g(r.sub, " + NODE + ", r.dom)" : "g(" + NODE + ", r.sub, r.dom)"));
    }

    @Override
    protected List<List<String>> policies() {
        List<List<String>> lines = new ArrayList<>();
        for (CatalogueRules.Rule rule : rules.rules()) {
            lines.add(List.of(rule.roleId(), rule.marker(), Action.prefix(rule.type()), rule.action()));
        }
        return lines;
    }

    @Override
    protected List<String> line(Workspace ws, String a, String b) {
        return List.of(ws.name(a), ws.name(b), ws.id);
    }

    @Override
    public boolean check(Dataset.Question q) {
        return enforcer.enforce(subject(q.subject()), q.workspaceId(), Action.prefix(q.resource().type()),
                CatalogueRules.object(q.resource()), q.action());
    }

    @Override
    public String whatCanSeeMethod() {
        return "check per resource";
    }
}
