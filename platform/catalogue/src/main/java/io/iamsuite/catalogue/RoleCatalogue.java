package io.iamsuite.catalogue;

import io.iamsuite.events.ResourceType;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The roles and the action vocabulary of the suite, read from ONE versioned data file
 * ({@value #STANDARD_RESOURCE}) so that every service (identity validating grants, policy checking them,
 * the API listing them) reads the same catalogue. Immutable and thread-safe; every lookup is a hash lookup.
 *
 * <p>The file is validated when it loads (unique ids and names, known types, scopes, relations and actions,
 * each role's actions consistent with its kind); a broken file fails with a {@link CatalogueException}
 * naming every problem. See docs/roles.md for the rules an evaluator must follow.
 */
public final class RoleCatalogue {
    /** The classpath resource of the catalogue every service uses. */
    public static final String STANDARD_RESOURCE = "iam/roles.v1.json";

    private static volatile RoleCatalogue standard;

    private final int version;
    private final List<Role> roles;
    private final Map<String, Role> rolesById;
    private final Map<String, Role> rolesByName;
    private final List<Action> actions;
    private final Map<String, Action> actionsByName;
    private final List<Relation> relations;
    private final Map<String, Relation> relationsByName;
    private final Set<ResourceType> labelledTypes;
    /** role id -> the names of every action it confers, on any type (each name implies its type). */
    private final Map<String, Set<String>> conferred;

    RoleCatalogue(int version, List<Role> roles, List<Action> actions, List<Relation> relations,
                  Set<ResourceType> labelledTypes) {
        this.version = version;
        this.roles = List.copyOf(roles);
        this.actions = List.copyOf(actions);
        this.relations = List.copyOf(relations);
        this.labelledTypes = labelledTypes;
        Map<String, Role> byId = new HashMap<>();
        Map<String, Role> byName = new HashMap<>();
        Map<String, Set<String>> confers = new HashMap<>();
        for (Role role : roles) {
            byId.put(role.id(), role);
            byName.put(role.name().toLowerCase(Locale.ROOT), role);
            Set<String> names = new HashSet<>();
            role.actions().values().forEach(names::addAll);
            confers.put(role.id(), Collections.unmodifiableSet(names));
        }
        Map<String, Action> actionsByName = new HashMap<>();
        actions.forEach(a -> actionsByName.put(a.name(), a));
        Map<String, Relation> relationsByName = new HashMap<>();
        relations.forEach(r -> relationsByName.put(r.name(), r));
        this.rolesById = Collections.unmodifiableMap(byId);
        this.rolesByName = Collections.unmodifiableMap(byName);
        this.conferred = Collections.unmodifiableMap(confers);
        this.actionsByName = Collections.unmodifiableMap(actionsByName);
        this.relationsByName = Collections.unmodifiableMap(relationsByName);
    }

    /** The standard catalogue ({@value #STANDARD_RESOURCE}), read and validated once per class loader. */
    public static RoleCatalogue load() {
        RoleCatalogue catalogue = standard;
        if (catalogue == null) {
            synchronized (RoleCatalogue.class) {
                catalogue = standard;
                if (catalogue == null) {
                    catalogue = load(STANDARD_RESOURCE);
                    standard = catalogue;
                }
            }
        }
        return catalogue;
    }

    /** Reads and validates a catalogue from a classpath resource (a fresh instance each call). */
    public static RoleCatalogue load(String resource) {
        ClassLoader loader = RoleCatalogue.class.getClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            in = context == null ? null : context.getResourceAsStream(resource);
        }
        if (in == null) {
            throw new CatalogueException(resource, List.of("not on the classpath"));
        }
        try (InputStream stream = in) {
            return parse(stream, resource);
        } catch (IOException e) {
            throw new CatalogueException("The role catalogue " + resource + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads and validates a catalogue; {@code origin} names it in error messages. */
    public static RoleCatalogue parse(InputStream json, String origin) {
        return CatalogueReader.read(json, origin);
    }

    /** The catalogue's version ({@code "version"} in the file); bumped whenever a role or action changes meaning. */
    public int version() {
        return version;
    }

    /** Every role, in file order. */
    public List<Role> roles() {
        return roles;
    }

    public Optional<Role> role(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(rolesById.get(id));
    }

    /** A role by its name, ignoring case. */
    public Optional<Role> roleByName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(rolesByName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The action vocabulary, in file order. */
    public List<Action> actions() {
        return actions;
    }

    public Optional<Action> action(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(actionsByName.get(name));
    }

    public boolean isAction(String name) {
        return name != null && actionsByName.containsKey(name);
    }

    /** The relations roles may inherit through, in file order. */
    public List<Relation> relations() {
        return relations;
    }

    public Optional<Relation> relation(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(relationsByName.get(name));
    }

    /** The resource types that may carry labels, i.e. that a {@link Scope#LABELS} grant can reach. */
    public Set<ResourceType> labelledTypes() {
        return labelledTypes;
    }

    /** Whether {@code role} may be granted with {@code scope}. */
    public boolean allows(Role role, Scope scope) {
        return role != null && scope != null && role.scopes().contains(scope);
    }

    /** Whether the role with this id may be granted with {@code scope} (false for an unknown role). */
    public boolean allows(String roleId, Scope scope) {
        return allows(rolesById.get(roleId), scope);
    }

    /**
     * Whether the role confers {@code action} on resources of {@code type}, directly or through a relation
     * it inherits. False for an unknown role or action, or when the action is not one of {@code type}'s.
     * O(1).
     */
    public boolean confers(String roleId, String action, ResourceType type) {
        Set<String> names = roleId == null ? null : conferred.get(roleId);
        if (names == null || action == null || !names.contains(action)) {
            return false;
        }
        return actionsByName.get(action).type() == type;
    }

    /**
     * Whether ONE grant of the role with {@code grantScope} confers {@code action} on resources of
     * {@code type} it reaches: {@link #confers(String, String, ResourceType)}, the role allows the scope, and a
     * {@code <type>.create} action on a type the role applies to directly needs {@link Scope#WORKSPACE} (only
     * that grant reaches the resource about to be created). On an inherited type the grant's scope is the
     * scope on the parent, which it reaches with all its children, future ones included, so creation is
     * allowed there. Whether the grant reaches the particular resource (listed id, labels, parent) is the
     * evaluator's part. O(1).
     */
    public boolean confers(String roleId, String action, ResourceType type, Scope grantScope) {
        if (!confers(roleId, action, type)) {
            return false;
        }
        Role role = rolesById.get(roleId);
        if (!allows(role, grantScope)) {
            return false;
        }
        return !actionsByName.get(action).creates() || grantScope == Scope.WORKSPACE || role.inherits().containsKey(type);
    }
}
