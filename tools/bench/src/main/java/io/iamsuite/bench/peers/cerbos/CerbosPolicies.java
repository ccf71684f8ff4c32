package io.iamsuite.bench.peers.cerbos;

import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.Relation;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.catalogue.Scope;
import io.iamsuite.events.ResourceType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The role catalogue as Cerbos policies, the way a Cerbos user writes an access model whose data lives in the
 * application: per resource kind, one resource policy and one set of derived roles, generated from
 * {@code roles.v1.json} (so they change when the catalogue does).
 *
 * <p>What the caller sends (see {@link CallerData}): the principal's roles are {@value #OWNER} (a workspace owner or
 * an owner token) or {@value #MEMBER} (a member or a member token), and its attributes its workspace and its grants —
 * its own plus its groups', each {@code {role, scope, type, id, labels}} with scope {@code workspace},
 * {@code resource} (type and id of the listed resource) or {@code labels}; the resource's attributes are its
 * workspace, its labels ({@code key:value}) and, for a kind reached through a relation (a destination), its parent's
 * id and labels ({@code parent}, {@code parentLabels}).
 *
 * <p>The policies: the owner may do every action of the kind in its workspace; each catalogue role that confers
 * actions on the kind is a derived role of members (a grant of the role that reaches the resource: workspace-wide,
 * the listed resource or its parent, or labels all carried by the resource or its parent), and one rule per derived
 * role allows the actions it confers. Where a role confers an action with fewer scopes than it has (creation, which
 * only a workspace grant confers on a type the role applies to), that action gets a derived role of its own for
 * those scopes. Label matching is {@code grant.labels.isSubset(resource.labels)}, which Cerbos's query planner turns
 * into a filter (a nested {@code all()} over an unknown list it cannot plan).
 */
public final class CerbosPolicies {
    public static final String OWNER = "owner";
    public static final String MEMBER = "member";
    /** Resource attribute: the id of the parent a kind is reached through (a destination's source). */
    public static final String PARENT = "parent";
    public static final String PARENT_LABELS = "parentLabels";

    private final RoleCatalogue catalogue;

    public CerbosPolicies(RoleCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** The Cerbos resource kind of a type: {@code source}, {@code destination}, {@code tracking-plan}, ... */
    public static String kind(ResourceType type) {
        return Action.prefix(type);
    }

    /** Writes one resource policy and one derived-roles file per kind that has actions; returns the files. */
    public List<Path> write(Path directory) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, String> file : files().entrySet()) {
                Path path = directory.resolve(file.getKey());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                files.add(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** File name -> YAML. */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        for (ResourceType type : ResourceType.values()) {
            List<String> actions = catalogue.actions().stream().filter(a -> a.type() == type).map(Action::name).toList();
            if (actions.isEmpty()) {
                continue;
            }
            Map<DerivedRole, List<String>> rules = derivedRoles(type, actions);
            files.put("derived_roles_" + kind(type) + ".yaml", derivedRolesYaml(type, rules.keySet()));
            files.put("resource_" + kind(type) + ".yaml", resourcePolicyYaml(type, actions, rules));
        }
        return files;
    }

    /** A catalogue role reaching the kind with some of its scopes. */
    record DerivedRole(Role role, Set<Scope> scopes, boolean allScopes) {
        String name() {
            String base = role.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
            return allScopes ? base : base + "_by_" + scopes.stream().map(s -> s.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining("_or_")) + "_grant";
        }
    }

    /** Derived role -> the actions it allows, in catalogue order. */
    private Map<DerivedRole, List<String>> derivedRoles(ResourceType type, List<String> actions) {
        Map<DerivedRole, List<String>> out = new LinkedHashMap<>();
        for (Role role : catalogue.roles()) {
            for (String action : actions) {
                Set<Scope> scopes = EnumSet.noneOf(Scope.class);
                for (Scope scope : Scope.values()) {
                    if (catalogue.confers(role.id(), action, type, scope)) {
                        scopes.add(scope);
                    }
                }
                if (!scopes.isEmpty()) {
                    DerivedRole derived = new DerivedRole(role, scopes, scopes.equals(role.scopes()));
                    out.computeIfAbsent(derived, d -> new ArrayList<>()).add(action);
                }
            }
        }
        return out;
    }

    private String derivedRolesYaml(ResourceType type, Set<DerivedRole> roles) {
        StringBuilder y = new StringBuilder();
        y.append("# Generated from roles.v1.json by ").append(CerbosPolicies.class.getName()).append("; do not edit.\n");
        y.append("apiVersion: api.cerbos.dev/v1\n");
        y.append("derivedRoles:\n");
        y.append("  name: ").append(kind(type)).append("_grants\n");
        y.append("  definitions:\n");
        for (DerivedRole derived : roles) {
            y.append("    # ").append(derived.role().name()).append(" (").append(derived.role().id()).append(")")
                    .append(derived.allScopes() ? "" : ", only by " + derived.scopes() + " grants").append('\n');
            y.append("    - name: ").append(derived.name()).append('\n');
            y.append("      parentRoles: [").append(MEMBER).append("]\n");
            y.append("      condition:\n");
            y.append("        match:\n");
            y.append("          expr: ").append(quote(reaches(type, derived))).append('\n');
        }
        return y.toString();
    }

    /** CEL: the principal holds a grant of the role, with one of the scopes, that reaches the resource. */
    private String reaches(ResourceType type, DerivedRole derived) {
        Role role = derived.role();
        String via = role.inherits().get(type);
        String id = "R.id";
        String labels = "R.attr.labels";
        ResourceType reachedType = type;
        if (via != null) {
            Relation relation = catalogue.relation(via).orElseThrow();
            id = "R.attr." + PARENT;
            labels = "R.attr." + PARENT_LABELS;
            reachedType = relation.to();
        }
        List<String> ways = new ArrayList<>();
        for (Scope scope : derived.scopes()) {
            switch (scope) {
                case WORKSPACE:
                    ways.add("g.scope == \"workspace\"");
                    break;
                case RESOURCES:
                    ways.add("g.scope == \"resource\" && g.type == \"" + kind(reachedType) + "\" && g.id == " + id);
                    break;
                case LABELS:
                    ways.add("g.scope == \"labels\" && g.labels.isSubset(" + labels + ")");
                    break;
                default:
                    throw new IllegalStateException("scope " + scope);
            }
        }
        String reach = ways.size() == 1 ? ways.get(0) : ways.stream().map(w -> "(" + w + ")").collect(Collectors.joining(" || "));
        return "P.attr.workspace == R.attr.workspace && P.attr.grants.exists(g, g.role == \"" + role.id() + "\" && ("
                + reach + "))";
    }

    private String resourcePolicyYaml(ResourceType type, List<String> actions, Map<DerivedRole, List<String>> rules) {
        StringBuilder y = new StringBuilder();
        y.append("# Generated from roles.v1.json by ").append(CerbosPolicies.class.getName()).append("; do not edit.\n");
        y.append("apiVersion: api.cerbos.dev/v1\n");
        y.append("resourcePolicy:\n");
        y.append("  version: default\n");
        y.append("  resource: ").append(quote(kind(type))).append('\n');
        y.append("  importDerivedRoles: [").append(kind(type)).append("_grants]\n");
        y.append("  rules:\n");
        y.append("    - name: owner\n");
        y.append("      actions: ").append(list(actions)).append('\n');
        y.append("      effect: EFFECT_ALLOW\n");
        y.append("      roles: [").append(OWNER).append("]\n");
        y.append("      condition:\n");
        y.append("        match:\n");
        y.append("          expr: ").append(quote("P.attr.workspace == R.attr.workspace")).append('\n');
        for (Map.Entry<DerivedRole, List<String>> rule : rules.entrySet()) {
            y.append("    - name: ").append(rule.getKey().name()).append('\n');
            y.append("      actions: ").append(list(rule.getValue())).append('\n');
            y.append("      effect: EFFECT_ALLOW\n");
            y.append("      derivedRoles: [").append(rule.getKey().name()).append("]\n");
        }
        return y.toString();
    }

    private static String list(List<String> values) {
        return values.stream().map(CerbosPolicies::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A YAML double-quoted scalar. */
    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Writes the policies to a directory: {@code CerbosPolicies DIR}. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CerbosPolicies DIRECTORY");
            System.exit(2);
        }
        new CerbosPolicies(RoleCatalogue.load()).write(Path.of(args[0])).forEach(System.out::println);
    }
}
