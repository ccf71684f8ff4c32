package io.iamsuite.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iamsuite.events.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A catalogue that breaks a rule does not load, and the message names the problem. */
class BrokenCatalogueTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_minimal_valid_catalogue_from_the_test_resources_loads() {
        RoleCatalogue minimal = RoleCatalogue.load("catalogues/minimal.json");
        assertThat(minimal.version()).isEqualTo(7);
        assertThat(minimal.roles()).hasSize(2);
        assertThat(minimal.role("1WDUuRLxv84rrfCNUwvkrRtkxnS").orElseThrow().actions())
                .containsOnlyKeys(ResourceType.WORKSPACE, ResourceType.SOURCE);
        assertThat(minimal.confers("2aaaaaaaaaaaaaaaaaaaaaaaaaa", "source.update", ResourceType.SOURCE)).isTrue();
    }

    @Test
    void a_duplicate_role_id_is_rejected() {
        assertThatThrownBy(() -> RoleCatalogue.load("catalogues/duplicate-id.json"))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("catalogues/duplicate-id.json is not a valid role catalogue")
                .hasMessageContaining("duplicate role id \"2aaaaaaaaaaaaaaaaaaaaaaaaaa\"");
    }

    @Test
    void an_undeclared_action_is_rejected() {
        assertThatThrownBy(() -> RoleCatalogue.load("catalogues/unknown-action.json"))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("role \"Source Editor\": action \"source.publish\" is not declared in \"actions\"");
    }

    @Test
    void an_unknown_resource_type_is_rejected() {
        assertThatThrownBy(() -> RoleCatalogue.load("catalogues/unknown-type.json"))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("role \"Audience Reader\" \"appliesTo\": unknown resource type \"AUDIENCE\"");
    }

    @Test
    void a_missing_file_is_named() {
        assertThatThrownBy(() -> RoleCatalogue.load("catalogues/none.json"))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("catalogues/none.json").hasMessageContaining("not on the classpath");
    }

    @Test
    void every_problem_is_reported_at_once() {
        CatalogueException e = (CatalogueException) catchBroken(root -> {
            role(root, "Source Admin").put("id", role(root, "Workspace Owner").get("id").asText());
            role(root, "Source Read-only").withArray("scopes").add("EVERYWHERE");
        });
        assertThat(e.problems()).hasSize(2);
    }

    static Stream<Arguments> mutations() {
        return Stream.of(
                Arguments.of("duplicate role name", (Consumer<ObjectNode>) root ->
                        role(root, "Source Read-only").put("name", "source admin"),
                        "duplicate role name \"source admin\""),
                Arguments.of("unknown scope", (Consumer<ObjectNode>) root ->
                        role(root, "Source Admin").withArray("scopes").add("EVERYWHERE"),
                        "role \"Source Admin\": unknown scope \"EVERYWHERE\""),
                Arguments.of("read-only role with a write", (Consumer<ObjectNode>) root ->
                        ((ArrayNode) role(root, "Source Read-only").get("actions").get("SOURCE")).add("source.update"),
                        "a READ_ONLY role confers only read actions, not \"source.update\""),
                Arguments.of("write without its read", (Consumer<ObjectNode>) root ->
                        role(root, "Identity Admin").putObject("actions").putArray("SPACE")
                                .add("space.read").add("space.identity.update"),
                        "confers \"space.identity.update\" without the \"space.identity.read\" it requires"),
                Arguments.of("action on a type the role does not apply to", (Consumer<ObjectNode>) root ->
                        ((ObjectNode) role(root, "Function Admin").get("actions")).putArray("SOURCE").add("source.read"),
                        "role \"Function Admin\": confers actions on SOURCE, which it neither applies to nor inherits"),
                Arguments.of("action listed under another type", (Consumer<ObjectNode>) root ->
                        ((ArrayNode) role(root, "Function Admin").get("actions").get("FUNCTION")).add("source.read"),
                        "action \"source.read\" is an action on SOURCE, listed under FUNCTION"),
                Arguments.of("undeclared relation", (Consumer<ObjectNode>) root ->
                        ((ObjectNode) role(root, "Source Admin").get("inherits")).put("DESTINATION", "sibling"),
                        "inherits DESTINATION through \"sibling\", which is not a declared relation"),
                Arguments.of("labels on a type without labels", (Consumer<ObjectNode>) root ->
                        role(root, "Function Admin").withArray("scopes").add("LABELS"),
                        "scope LABELS needs every type in \"appliesTo\" to carry labels"),
                Arguments.of("action with an unknown type prefix", (Consumer<ObjectNode>) root ->
                        root.withArray("actions").addObject().put("name", "audience.read").put("description", "x"),
                        "action \"audience.read\": unknown resource type \"audience\""),
                Arguments.of("action with an unknown verb", (Consumer<ObjectNode>) root ->
                        root.withArray("actions").addObject().put("name", "source.publish")
                                .put("requires", "source.read").put("description", "x"),
                        "action \"source.publish\": unknown verb \"publish\""),
                Arguments.of("duplicate action", (Consumer<ObjectNode>) root ->
                        root.withArray("actions").addObject().put("name", "source.read").put("description", "x"),
                        "duplicate action \"source.read\""),
                Arguments.of("write without requires", (Consumer<ObjectNode>) root ->
                        root.withArray("actions").addObject().put("name", "source.labels.delete").put("description", "x"),
                        "action \"source.labels.delete\": a non-read action must name the read action it \"requires\""),
                Arguments.of("requires an undeclared action", (Consumer<ObjectNode>) root ->
                        root.withArray("actions").addObject().put("name", "source.schema.update")
                                .put("requires", "source.schema.read").put("description", "x"),
                        "requires \"source.schema.read\", which is not declared"),
                Arguments.of("role id of the wrong shape", (Consumer<ObjectNode>) root ->
                        role(root, "Source Admin").put("id", "src-admin"),
                        "the id \"src-admin\" must be 27 letters and digits"),
                Arguments.of("unknown field", (Consumer<ObjectNode>) root ->
                        role(root, "Source Admin").put("scope", "WORKSPACE"),
                        "role \"Source Admin\": unknown field \"scope\""),
                Arguments.of("allActions on a non-owner", (Consumer<ObjectNode>) root -> {
                            ObjectNode admin = role(root, "Source Admin");
                            admin.remove("actions");
                            admin.put("allActions", true);
                        },
                        "only an OWNER role may have \"allActions\""),
                Arguments.of("missing version", (Consumer<ObjectNode>) root -> root.remove("version"),
                        "\"version\" must be a positive integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void a_broken_catalogue_is_rejected_naming_the_problem(String name, Consumer<ObjectNode> breakIt, String expected) {
        assertThat(catchBroken(breakIt)).isInstanceOf(CatalogueException.class).hasMessageContaining(expected);
    }

    @Test
    void unreadable_json_and_duplicate_keys_are_rejected() {
        assertThatThrownBy(() -> RoleCatalogue.parse(stream("{\"version\": 1,"), "bad.json"))
                .isInstanceOf(CatalogueException.class).hasMessageContaining("bad.json").hasMessageContaining("not readable JSON");
        assertThatThrownBy(() -> RoleCatalogue.parse(stream("{\"version\": 1, \"version\": 2}"), "dup.json"))
                .isInstanceOf(CatalogueException.class).hasMessageContaining("Duplicate field 'version'");
        assertThatThrownBy(() -> RoleCatalogue.parse(stream("[]"), "array.json"))
                .isInstanceOf(CatalogueException.class).hasMessageContaining("one JSON object");
    }

    private static Throwable catchBroken(Consumer<ObjectNode> breakIt) {
        ObjectNode root = standardTree();
        breakIt.accept(root);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return org.assertj.core.api.Assertions.catchThrowable(() -> RoleCatalogue.parse(new ByteArrayInputStream(bytes), "mutated"));
    }

    static ObjectNode standardTree() {
        try (InputStream in = BrokenCatalogueTest.class.getClassLoader().getResourceAsStream(RoleCatalogue.STANDARD_RESOURCE)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode role(ObjectNode root, String name) {
        for (JsonNode role : root.get("roles")) {
            if (role.get("name").asText().equals(name)) {
                return (ObjectNode) role;
            }
        }
        throw new IllegalArgumentException("no role " + name);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
