package io.iamsuite.catalogue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iamsuite.events.ResourceType;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads the catalogue file and checks every rule, collecting all problems before failing. */
final class CatalogueReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    /** {@code <type>.<verb>} or {@code <type>.<area>.<verb>}. */
    private static final Pattern ACTION_NAME =
            Pattern.compile("([a-z][a-z-]*)(?:\\.([a-z][a-z-]*))?\\.([a-z][a-z-]*)");
    private static final Set<String> VERBS = Set.of("read", "create", "update", "delete", "connect");
    /** 27 base-62 characters, like Segment's (KSUID) role ids. */
    private static final Pattern ROLE_ID = Pattern.compile("[0-9A-Za-z]{27}");
    private static final Pattern RELATION_NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

    private static final Set<String> TOP_FIELDS = Set.of("version", "labelledTypes", "relations", "actions", "roles");
    private static final Set<String> RELATION_FIELDS = Set.of("name", "from", "to", "description");
    private static final Set<String> ACTION_FIELDS = Set.of("name", "requires", "description");
    private static final Set<String> ROLE_FIELDS = Set.of("id", "name", "description", "origin", "kind", "appliesTo",
            "scopes", "inherits", "actions", "allActions");

    private final String origin;
    private final List<String> problems = new ArrayList<>();

    private CatalogueReader(String origin) {
        this.origin = origin;
    }

    static RoleCatalogue read(InputStream in, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new CatalogueException(origin, List.of("not readable JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
        } catch (IOException e) {
            throw new CatalogueException(origin, List.of("not readable: " + e.getMessage()));
        }
        return new CatalogueReader(origin).read(root);
    }

    private RoleCatalogue read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new CatalogueException(origin, List.of("the file must hold one JSON object"));
        }
        unknownFields(root, TOP_FIELDS, "the catalogue");
        int version = root.path("version").isInt() && root.path("version").asInt() >= 1 ? root.path("version").asInt() : 0;
        if (version == 0) {
            problem("\"version\" must be a positive integer");
        }
        Set<ResourceType> labelled = types(root.get("labelledTypes"), "\"labelledTypes\"", true);
        Map<String, Relation> relations = relations(array(root, "relations", "the catalogue", false));
        Map<String, Action> actions = actions(array(root, "actions", "the catalogue", true));
        List<Role> roles = roles(array(root, "roles", "the catalogue", true), actions, relations, labelled);
        if (!problems.isEmpty()) {
            throw new CatalogueException(origin, problems);
        }
        return new RoleCatalogue(version, roles, new ArrayList<>(actions.values()),
                new ArrayList<>(relations.values()), Collections.unmodifiableSet(labelled));
    }

    // ---- relations ----

    private Map<String, Relation> relations(List<JsonNode> nodes) {
        Map<String, Relation> relations = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String where = "relation #" + (i + 1);
            if (!node.isObject()) {
                problem(where + " must be an object");
                continue;
            }
            String name = text(node, "name", where, true);
            if (name != null) {
                where = "relation \"" + name + "\"";
                if (!RELATION_NAME.matcher(name).matches()) {
                    problem(where + ": the name must be a camelCase word");
                }
            }
            unknownFields(node, RELATION_FIELDS, where);
            ResourceType from = type(node.get("from"), where + " \"from\"");
            ResourceType to = type(node.get("to"), where + " \"to\"");
            String description = text(node, "description", where, true);
            if (from != null && from == to) {
                problem(where + ": \"from\" and \"to\" must differ");
            }
            if (name != null && relations.containsKey(name)) {
                problem("duplicate relation name \"" + name + "\"");
            } else if (name != null && from != null && to != null && description != null) {
                relations.put(name, new Relation(name, from, to, description));
            }
        }
        return relations;
    }

    // ---- actions ----

    private Map<String, Action> actions(List<JsonNode> nodes) {
        Map<String, Action> actions = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String where = "action #" + (i + 1);
            if (!node.isObject()) {
                problem(where + " must be an object");
                continue;
            }
            String name = text(node, "name", where, true);
            if (name != null) {
                where = "action \"" + name + "\"";
            }
            unknownFields(node, ACTION_FIELDS, where);
            String description = text(node, "description", where, true);
            String requires = text(node, "requires", where, false);
            if (name == null) {
                continue;
            }
            Matcher m = ACTION_NAME.matcher(name);
            if (!m.matches()) {
                problem(where + ": the name must be <type>.<verb> or <type>.<area>.<verb> in lower case");
                continue;
            }
            var type = Action.typeOfPrefix(m.group(1));
            if (type.isEmpty()) {
                problem(where + ": unknown resource type \"" + m.group(1) + "\" (the name must start with one of "
                        + Arrays.stream(ResourceType.values()).map(Action::prefix).collect(Collectors.joining(", ")) + ")");
                continue;
            }
            if (!VERBS.contains(m.group(3))) {
                problem(where + ": unknown verb \"" + m.group(3) + "\" (one of " + String.join(", ", sorted(VERBS)) + ")");
                continue;
            }
            if (actions.containsKey(name)) {
                problem("duplicate action \"" + name + "\"");
                continue;
            }
            actions.put(name, new Action(name, type.get(), m.group(2), m.group(3), description, requires));
        }
        for (Action action : actions.values()) {
            String where = "action \"" + action.name() + "\"";
            if (action.isRead()) {
                if (action.requires() != null) {
                    problem(where + ": a read action requires nothing (\"requires\" must be absent)");
                }
                continue;
            }
            if (action.requires() == null) {
                problem(where + ": a non-read action must name the read action it \"requires\"");
                continue;
            }
            Action required = actions.get(action.requires());
            if (required == null) {
                problem(where + " requires \"" + action.requires() + "\", which is not declared in \"actions\"");
            } else if (!required.isRead() || required.type() != action.type()) {
                problem(where + " requires \"" + action.requires() + "\", which must be a read action of the same type");
            }
        }
        return actions;
    }

    // ---- roles ----

    private List<Role> roles(List<JsonNode> nodes, Map<String, Action> actions, Map<String, Relation> relations,
                             Set<ResourceType> labelled) {
        List<Role> roles = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String where = "role #" + (i + 1);
            if (!node.isObject()) {
                problem(where + " must be an object");
                continue;
            }
            String name = text(node, "name", where, true);
            if (name != null) {
                where = "role \"" + name + "\"";
            }
            unknownFields(node, ROLE_FIELDS, where);
            String id = text(node, "id", where, true);
            if (id != null && !ROLE_ID.matcher(id).matches()) {
                problem(where + ": the id \"" + id + "\" must be 27 letters and digits");
            }
            if (id != null && !ids.add(id)) {
                problem("duplicate role id \"" + id + "\" (" + where + ")");
            }
            if (name != null && !names.add(name.toLowerCase(Locale.ROOT))) {
                problem("duplicate role name \"" + name + "\"");
            }
            String description = text(node, "description", where, true);
            RoleOrigin roleOrigin = constant(node, "origin", RoleOrigin.class, where);
            RoleKind kind = constant(node, "kind", RoleKind.class, where);
            Set<ResourceType> appliesTo = types(node.get("appliesTo"), where + " \"appliesTo\"", false);
            Set<Scope> scopes = scopes(node.get("scopes"), where);
            Map<ResourceType, String> inherits = inherits(node.get("inherits"), where, appliesTo, relations);
            boolean allActions = allActions(node, where);
            Map<ResourceType, List<String>> conferred;
            if (allActions) {
                if (node.has("actions")) {
                    problem(where + ": \"allActions\" and \"actions\" exclude each other");
                }
                conferred = everything(appliesTo, actions);
            } else {
                conferred = conferred(node.get("actions"), where, appliesTo, inherits, actions);
            }
            if (kind != null) {
                checkKind(where, kind, allActions, conferred, actions);
            }
            checkScopes(where, appliesTo, scopes, labelled);
            checkReads(where, kind, appliesTo, inherits, conferred, actions);
            if (id != null && name != null && description != null && roleOrigin != null && kind != null) {
                roles.add(new Role(id, name, description, roleOrigin, kind, Collections.unmodifiableSet(appliesTo),
                        Collections.unmodifiableSet(scopes), Collections.unmodifiableMap(conferred),
                        Collections.unmodifiableMap(inherits), allActions));
            }
        }
        if (nodes.isEmpty()) {
            problem("\"roles\" must not be empty");
        }
        return roles;
    }

    private Set<Scope> scopes(JsonNode node, String where) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (node == null || !node.isArray() || node.isEmpty()) {
            problem(where + ": \"scopes\" must be a non-empty array of " + Arrays.toString(Scope.values()));
            return scopes;
        }
        for (JsonNode element : node) {
            Scope scope = enumValue(Scope.class, element);
            if (scope == null) {
                problem(where + ": unknown scope " + element + " (one of " + Arrays.toString(Scope.values()) + ")");
            } else if (!scopes.add(scope)) {
                problem(where + ": scope " + scope + " is listed twice");
            }
        }
        return scopes;
    }

    private Map<ResourceType, String> inherits(JsonNode node, String where, Set<ResourceType> appliesTo,
                                               Map<String, Relation> relations) {
        Map<ResourceType, String> inherits = new EnumMap<>(ResourceType.class);
        if (node == null) {
            return inherits;
        }
        if (!node.isObject()) {
            problem(where + ": \"inherits\" must be an object {type: relation}");
            return inherits;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var entry = it.next();
            ResourceType type = enumValue(ResourceType.class, entry.getKey());
            if (type == null) {
                problem(where + ": unknown resource type \"" + entry.getKey() + "\" in \"inherits\"");
                continue;
            }
            String relationName = entry.getValue().isTextual() ? entry.getValue().asText() : null;
            Relation relation = relationName == null ? null : relations.get(relationName);
            if (relation == null) {
                problem(where + ": inherits " + type + " through " + entry.getValue() + ", which is not a declared relation");
                continue;
            }
            if (appliesTo.contains(type)) {
                problem(where + ": " + type + " is in \"appliesTo\" and cannot also be inherited");
            } else if (relation.from() != type || !appliesTo.contains(relation.to())) {
                problem(where + ": relation \"" + relationName + "\" leads from " + relation.from() + " to "
                        + relation.to() + "; it can only give " + relation.from() + " to a role applying to " + relation.to());
            }
            inherits.put(type, relationName);
        }
        return inherits;
    }

    private boolean allActions(JsonNode node, String where) {
        JsonNode all = node.get("allActions");
        if (all == null) {
            return false;
        }
        if (!all.isBoolean()) {
            problem(where + ": \"allActions\" must be true or false");
            return false;
        }
        return all.asBoolean();
    }

    private static Map<ResourceType, List<String>> everything(Set<ResourceType> appliesTo, Map<String, Action> actions) {
        Map<ResourceType, List<String>> all = new EnumMap<>(ResourceType.class);
        for (ResourceType type : appliesTo) {
            List<String> names = actions.values().stream().filter(a -> a.type() == type).map(Action::name).toList();
            if (!names.isEmpty()) {
                all.put(type, names);
            }
        }
        return all;
    }

    private Map<ResourceType, List<String>> conferred(JsonNode node, String where, Set<ResourceType> appliesTo,
                                                      Map<ResourceType, String> inherits, Map<String, Action> actions) {
        Map<ResourceType, List<String>> conferred = new EnumMap<>(ResourceType.class);
        if (node == null || !node.isObject()) {
            problem(where + ": \"actions\" must be an object {type: [action, ...]} (or \"allActions\": true)");
            return conferred;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var entry = it.next();
            ResourceType type = enumValue(ResourceType.class, entry.getKey());
            if (type == null) {
                problem(where + ": unknown resource type \"" + entry.getKey() + "\" in \"actions\"");
                continue;
            }
            if (!appliesTo.contains(type) && !inherits.containsKey(type)) {
                problem(where + ": confers actions on " + type + ", which it neither applies to nor inherits");
            }
            if (!entry.getValue().isArray()) {
                problem(where + ": the actions on " + type + " must be an array");
                continue;
            }
            List<String> names = new ArrayList<>();
            for (JsonNode element : entry.getValue()) {
                String name = element.isTextual() ? element.asText() : null;
                Action action = name == null ? null : actions.get(name);
                if (action == null) {
                    problem(where + ": action " + element + " is not declared in \"actions\"");
                } else if (action.type() != type) {
                    problem(where + ": action \"" + name + "\" is an action on " + action.type() + ", listed under " + type);
                } else if (names.contains(name)) {
                    problem(where + ": action \"" + name + "\" is listed twice");
                } else {
                    names.add(name);
                }
            }
            conferred.put(type, List.copyOf(names));
        }
        return conferred;
    }

    private void checkKind(String where, RoleKind kind, boolean allActions, Map<ResourceType, List<String>> conferred,
                           Map<String, Action> actions) {
        List<Action> all = conferred.values().stream().flatMap(List::stream).map(actions::get).toList();
        boolean writes = all.stream().anyMatch(a -> !a.isRead());
        if (kind == RoleKind.OWNER && !allActions) {
            problem(where + ": an OWNER role confers every action (\"allActions\": true)");
        }
        if (kind != RoleKind.OWNER && allActions) {
            problem(where + ": only an OWNER role may have \"allActions\"");
        }
        if (kind == RoleKind.MEMBERSHIP && !all.isEmpty()) {
            problem(where + ": a MEMBERSHIP role confers nothing");
        }
        if (kind == RoleKind.READ_ONLY) {
            all.stream().filter(a -> !a.isRead()).forEach(a ->
                    problem(where + ": a READ_ONLY role confers only read actions, not \"" + a.name() + "\""));
        }
        if ((kind == RoleKind.ADMIN || kind == RoleKind.EDITOR) && !writes) {
            problem(where + ": an " + kind + " role confers at least one action that is not a read");
        }
    }

    private void checkScopes(String where, Set<ResourceType> appliesTo, Set<Scope> scopes, Set<ResourceType> labelled) {
        if (scopes.contains(Scope.LABELS) && !labelled.containsAll(appliesTo)) {
            problem(where + ": scope LABELS needs every type in \"appliesTo\" to carry labels (labelledTypes: "
                    + labelled + ")");
        }
        if (scopes.contains(Scope.RESOURCES) && appliesTo.contains(ResourceType.WORKSPACE)) {
            problem(where + ": scope RESOURCES cannot list a workspace; a role applying to WORKSPACE is granted on the workspace");
        }
    }

    /** Whoever can do something to a resource can see it, and whoever changes an area can read it. */
    private void checkReads(String where, RoleKind kind, Set<ResourceType> appliesTo, Map<ResourceType, String> inherits,
                            Map<ResourceType, List<String>> conferred, Map<String, Action> actions) {
        if (kind != RoleKind.MEMBERSHIP) {
            for (ResourceType type : appliesTo) {
                if (conferred.getOrDefault(type, List.of()).isEmpty()) {
                    problem(where + ": applies to " + type + " but confers no action on it");
                }
            }
            for (ResourceType type : inherits.keySet()) {
                if (conferred.getOrDefault(type, List.of()).isEmpty()) {
                    problem(where + ": inherits " + type + " but confers no action on it");
                }
            }
        }
        for (var entry : conferred.entrySet()) {
            List<String> names = entry.getValue();
            String base = Action.readOf(entry.getKey());
            if (!names.isEmpty() && actions.containsKey(base) && !names.contains(base)) {
                problem(where + ": confers actions on " + entry.getKey() + " without \"" + base + "\"");
            }
            for (String name : names) {
                Action action = actions.get(name);
                if (action.requires() != null && !names.contains(action.requires())) {
                    problem(where + ": confers \"" + name + "\" without the \"" + action.requires() + "\" it requires");
                }
            }
        }
    }

    // ---- helpers ----

    private List<JsonNode> array(JsonNode node, String field, String where, boolean required) {
        JsonNode value = node.get(field);
        if (value == null && !required) {
            return List.of();
        }
        if (value == null || !value.isArray()) {
            problem(where + ": \"" + field + "\" must be an array");
            return List.of();
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    private String text(JsonNode node, String field, String where, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(where + ": \"" + field + "\" is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problem(where + ": \"" + field + "\" must be a non-blank string");
            return null;
        }
        return value.asText();
    }

    private <E extends Enum<E>> E constant(JsonNode node, String field, Class<E> type, String where) {
        JsonNode value = node.get(field);
        E constant = value == null ? null : enumValue(type, value);
        if (constant == null) {
            problem(where + ": \"" + field + "\" must be one of " + Arrays.toString(type.getEnumConstants())
                    + (value == null ? "" : ", not " + value));
        }
        return constant;
    }

    private ResourceType type(JsonNode node, String where) {
        ResourceType type = node == null ? null : enumValue(ResourceType.class, node);
        if (type == null) {
            problem(where + ": unknown resource type " + (node == null ? "(missing)" : node.toString())
                    + " (one of " + Arrays.toString(ResourceType.values()) + ")");
        }
        return type;
    }

    private Set<ResourceType> types(JsonNode node, String where, boolean mayBeEmpty) {
        EnumSet<ResourceType> types = EnumSet.noneOf(ResourceType.class);
        if (node == null || !node.isArray() || (!mayBeEmpty && node.isEmpty())) {
            problem(where + " must be a" + (mayBeEmpty ? "n" : " non-empty") + " array of resource types");
            return types;
        }
        for (JsonNode element : node) {
            ResourceType type = enumValue(ResourceType.class, element);
            if (type == null) {
                problem(where + ": unknown resource type " + element + " (one of "
                        + Arrays.toString(ResourceType.values()) + ")");
            } else if (!types.add(type)) {
                problem(where + ": " + type + " is listed twice");
            }
        }
        return types;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node) {
        return node.isTextual() ? enumValue(type, node.asText()) : null;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        return null;
    }

    private void unknownFields(JsonNode node, Set<String> known, String where) {
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problem(where + ": unknown field \"" + field + "\"");
            }
        });
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private void problem(String message) {
        problems.add(message);
    }
}
