package io.iamsuite.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3's input acceptance, generated from the service's own OpenAPI document: every operation with a JSON
 * body is sent malformed JSON, an array, an empty body, the wrong media type, each property with values of
 * the wrong type (and {@code null} where it is required), an unknown property and a body over 256 KiB; every
 * operation documenting {@code pagination.count} / {@code pagination.cursor} is sent counts outside 1-1000,
 * non-numbers and a foreign cursor, in both spellings. Each answer must be a 4xx in the error envelope naming
 * the field, and no event may be appended (the event log and the workspace's head are compared around every
 * probe).
 *
 * <p>An operation added to the service is swept without touching this class; a list endpoint that forgets to
 * document its pagination parameters fails {@link #list_operations_document_their_pagination}.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class MalformedInputSweepTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_BODY_BYTES = 256 * 1024;
    private static final String UNKNOWN_FIELD = "sweepUnknownField";

    @InjectInfra
    InfraInfo infra;

    /** Real targets, so that a probe reaching the handler would write: nothing hides behind a 404. */
    private static Map<String, String> pathValues;
    private static JsonNode document;
    private static JsonNode components;

    @TestFactory
    List<DynamicNode> every_body_is_read_strictly_and_nothing_is_stored() {
        setUp();
        List<DynamicNode> operations = new ArrayList<>();
        forEachOperation((path, method, operation) -> {
            JsonNode body = operation.path("requestBody");
            if (!body.isMissingNode()) {
                operations.add(DynamicContainer.dynamicContainer(method.toUpperCase() + " " + path,
                        bodyProbes(path, method, body)));
            }
        });
        assertThat(operations).as("operations with a request body in the OpenAPI document").isNotEmpty();
        return operations;
    }

    @TestFactory
    List<DynamicNode> every_pagination_is_checked_and_nothing_is_stored() {
        setUp();
        List<DynamicNode> operations = new ArrayList<>();
        forEachOperation((path, method, operation) -> {
            if (parameterNames(operation).contains("pagination.count")) {
                operations.add(DynamicContainer.dynamicContainer(method.toUpperCase() + " " + path,
                        paginationProbes(path, method)));
            }
        });
        assertThat(operations).as("operations with pagination in the OpenAPI document").isNotEmpty();
        return operations;
    }

    /** A list answer ({@code data.pagination}) without documented pagination parameters would escape the sweep. */
    @TestFactory
    List<DynamicNode> list_operations_document_their_pagination() {
        setUp();
        List<DynamicNode> checks = new ArrayList<>();
        forEachOperation((path, method, operation) -> {
            if (!method.equals("get") || !answersPagination(operation)) {
                return;
            }
            checks.add(DynamicTest.dynamicTest("GET " + path, () -> assertThat(parameterNames(operation))
                    .as("query parameters documented for GET %s, which answers a pagination", path)
                    .contains("pagination.count", "pagination.cursor")));
        });
        assertThat(checks).as("list operations in the OpenAPI document").isNotEmpty();
        return checks;
    }

    // ============================================================================================ probes

    private List<DynamicNode> bodyProbes(String path, String method, JsonNode requestBody) {
        JsonNode schema = resolve(requestBody.path("content").path("application/json").path("schema"));
        assertThat(schema.isMissingNode()).as("%s %s documents an application/json body schema", method, path).isFalse();
        ObjectNode valid = (ObjectNode) sample(schema);
        List<DynamicNode> probes = new ArrayList<>();
        probes.add(probe("malformed JSON", path, method, () -> jsonRequest().body("{\""), 400, "body"));
        probes.add(probe("a JSON array", path, method, () -> jsonRequest().body("[" + valid + "]"), 400, "body"));
        probes.add(probe("a JSON string", path, method, () -> jsonRequest().body("\"text\""), 400, "body"));
        probes.add(probe("no body", path, method, this::jsonRequest, 422, "body"));
        probes.add(probe("text/plain", path, method,
                () -> request().contentType("text/plain").body(valid.toString()), 415, "Content-Type"));
        probes.add(probe("an unknown property", path, method,
                () -> jsonRequest().body(valid.deepCopy().put(UNKNOWN_FIELD, "x").toString()), 422, UNKNOWN_FIELD));
        probes.add(probe("a body over 256 KiB", path, method,
                () -> jsonRequest().body(oversized(valid)), 413, "body"));

        assertThat(schema.path("properties").size()).as("%s %s documents the properties of its body", method, path)
                .isPositive();
        List<WrongBody> wrongBodies = new ArrayList<>();
        objectProperties(schema, "", value -> value, wrongBodies, 0);
        for (WrongBody wrong : wrongBodies) {
            probes.add(probe(wrong.label(), path, method, () -> jsonRequest().body(wrong.body().toString()), 422,
                    wrong.field()));
        }
        return probes;
    }

    private List<DynamicNode> paginationProbes(String path, String method) {
        List<DynamicNode> probes = new ArrayList<>();
        for (String count : List.of("0", "1001", "-1", "abc", "1.5", "")) {
            for (String spelling : List.of("pagination.count", "pagination[count]")) {
                probes.add(probe(spelling + "=" + count, path, method,
                        () -> request().queryParam(spelling, count), 422, "pagination.count"));
            }
        }
        String foreign = io.iamsuite.rest.Pagination.encode("another-list@1", 10);
        for (String cursor : List.of("not-a-cursor", "%%%", foreign)) {
            for (String spelling : List.of("pagination.cursor", "pagination[cursor]")) {
                probes.add(probe(spelling + "=" + cursor, path, method,
                        () -> request().queryParam(spelling, cursor), 422, "pagination.cursor"));
            }
        }
        return probes;
    }

    /** Sends one probe; expects {@code status} in the error envelope naming {@code field}, and no new event. */
    private DynamicTest probe(String name, String path, String method, Supplier<RequestSpecification> request,
                              int status, String field) {
        return DynamicTest.dynamicTest(name, () -> {
            EventLogState before = eventLogState();
            Response response = request.get().request(method.toUpperCase(), concrete(path));
            String answer = response.asString();
            assertThat(response.statusCode()).as("%s %s with %s answered %s", method.toUpperCase(), path, name, answer)
                    .isEqualTo(status);
            assertThat(response.contentType()).as("Content-Type of %s", answer).startsWith("application/json");
            JsonNode envelope = JSON.readTree(answer);
            assertThat(envelope.has("data")).as("no data beside errors in %s", answer).isFalse();
            JsonNode errors = envelope.path("errors");
            assertThat(errors.isArray() && errors.size() > 0).as("errors in %s", answer).isTrue();
            List<String> fields = new ArrayList<>();
            for (JsonNode error : errors) {
                assertThat(error.path("type").asText()).as("type of %s", error).isNotBlank();
                assertThat(error.path("message").asText()).as("message of %s", error).isNotBlank();
                fields.add(error.path("field").asText(null));
            }
            assertThat(fields).as("the fields named by %s", answer).contains(field);
            assertThat(eventLogState()).as("the event log after %s %s with %s", method.toUpperCase(), path, name)
                    .isEqualTo(before);
        });
    }

    // ============================================================================================ bodies

    /** A body that is valid but for one value, and the field the answer must name. */
    private record WrongBody(String label, JsonNode body, String field) {
    }

    private static final int MAX_DEPTH = 4;

    /**
     * For each property of an object schema (at {@code prefix}, placed in a whole body by {@code bodyWith}):
     * wrong values for it and inside it, {@code null} and absence where it is required, and an unknown property
     * next to it.
     */
    private static void objectProperties(JsonNode schema, String prefix, Function<JsonNode, JsonNode> bodyWith,
                                         List<WrongBody> out, int depth) {
        ObjectNode valid = (ObjectNode) sample(schema);
        Set<String> required = textSet(schema.path("required"));
        schema.path("properties").fields().forEachRemaining(property -> {
            String name = property.getKey();
            String field = prefix + name;
            Function<JsonNode, JsonNode> withProperty = value -> bodyWith.apply(valid.deepCopy().set(name, value));
            wrongValues(resolve(property.getValue()), field, withProperty, out, depth);
            if (required.contains(name)) {
                out.add(new WrongBody(field + " = null", withProperty.apply(NODES.nullNode()), field));
                ObjectNode without = valid.deepCopy();
                without.remove(name);
                out.add(new WrongBody("without " + field, bodyWith.apply(without), field));
            }
        });
        if (!prefix.isEmpty()) {
            // (the top level's unknown property is a probe of its own)
            out.add(new WrongBody("an unknown property in " + prefix,
                    bodyWith.apply(valid.deepCopy().put(UNKNOWN_FIELD, "x")), prefix + UNKNOWN_FIELD));
        }
    }

    /** Values of the wrong JSON type at {@code field}, then the same inside it (items, nested properties). */
    private static void wrongValues(JsonNode schema, String field, Function<JsonNode, JsonNode> bodyWith,
                                    List<WrongBody> out, int depth) {
        String type = type(schema);
        Map<String, JsonNode> wrong = new LinkedHashMap<>();
        if (!type.equals("string")) {
            wrong.put("\"text\"", NODES.textNode("text"));
        }
        if (!type.equals("integer") && !type.equals("number")) {
            wrong.put("12345", NODES.numberNode(12345));
            wrong.put("1.5", NODES.numberNode(1.5));
        }
        if (!type.equals("boolean")) {
            wrong.put("true", NODES.booleanNode(true));
        }
        if (!type.equals("object")) {
            wrong.put("{\"a\":\"b\"}", NODES.objectNode().put("a", "b"));
        }
        if (!type.equals("array")) {
            wrong.put("[" + sample(schema) + "]", NODES.arrayNode().add(sample(schema)));
        }
        if (schema.has("enum")) {
            wrong.put("\"NOT_ONE_OF_THEM\"", NODES.textNode("NOT_ONE_OF_THEM"));
        }
        wrong.forEach((label, value) -> out.add(new WrongBody(field + " = " + label, bodyWith.apply(value), field)));
        if (depth >= MAX_DEPTH) {
            return;
        }
        if (type.equals("array")) {
            wrongValues(resolve(schema.path("items")), field + "[0]",
                    item -> bodyWith.apply(NODES.arrayNode().add(item)), out, depth + 1);
        } else if (type.equals("object")) {
            objectProperties(schema, field + ".", bodyWith, out, depth + 1);
        }
    }

    /** A value that satisfies the schema (as far as a document can tell). */
    private static JsonNode sample(JsonNode schema) {
        if (schema.has("enum")) {
            return schema.path("enum").get(0);
        }
        switch (type(schema)) {
            case "object": {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").fields().forEachRemaining(p -> object.set(p.getKey(), sample(resolve(p.getValue()))));
                return object;
            }
            case "array":
                return NODES.arrayNode().add(sample(resolve(schema.path("items"))));
            case "integer":
            case "number":
                return NODES.numberNode(Math.max(1, schema.path("minimum").asInt(1)));
            case "boolean":
                return NODES.booleanNode(true);
            default:
                // Every text in these bodies is at least a valid email; the probes never reach the handler.
                return NODES.textNode("sweep@example.com");
        }
    }

    /** The valid body padded past the limit inside a string, so only its size is wrong. */
    private static String oversized(ObjectNode valid) {
        ObjectNode body = valid.deepCopy();
        body.put(UNKNOWN_FIELD, "x".repeat(MAX_BODY_BYTES));
        String text = body.toString();
        assertThat(text.length()).isGreaterThan(MAX_BODY_BYTES);
        return text;
    }

    // ============================================================================================ the document

    private interface OperationVisitor {
        void visit(String path, String method, JsonNode operation);
    }

    private void forEachOperation(OperationVisitor visitor) {
        JsonNode paths = document.path("paths");
        assertThat(paths.size()).as("paths in the OpenAPI document").isPositive();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                visitor.visit(path.getKey(), op.getKey(), op.getValue());
            }
        }));
    }

    private static List<String> parameterNames(JsonNode operation) {
        List<String> names = new ArrayList<>();
        operation.path("parameters").forEach(p -> {
            if ("query".equals(p.path("in").asText())) {
                names.add(p.path("name").asText());
            }
        });
        return names;
    }

    private boolean answersPagination(JsonNode operation) {
        JsonNode ok = operation.path("responses").path("200").path("content").path("application/json").path("schema");
        JsonNode data = resolve(resolve(ok).path("properties").path("data"));
        return data.path("properties").has("pagination");
    }


    private static JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int depth = 0; current.has("$ref") && depth < 10; depth++) {
            String ref = current.path("$ref").asText();
            assertThat(ref).startsWith("#/components/schemas/");
            current = components.path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        if (current.has("allOf") && current.path("allOf").size() == 1) {
            return resolve(current.path("allOf").get(0));
        }
        return current;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            // OpenAPI 3.1: ["string", "null"]
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : "string";
    }

    private static Set<String> textSet(JsonNode array) {
        Set<String> values = new java.util.HashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    // ============================================================================================ set-up

    private void setUp() {
        if (document != null) {
            return;
        }
        String text = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        try {
            document = JSON.readTree(text);
            Path dump = Path.of("target", "openapi-identity-service.json");
            Files.createDirectories(dump.getParent());
            Files.writeString(dump, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        components = document.path("components");

        String ws = Workspaces.newId();
        Workspaces.announce(infra, ws);
        String owner = given().contentType(ContentType.JSON)
                .body("{\"email\":\"owner@example.com\",\"role\":\"OWNER\"}")
                .post("/workspaces/{ws}/members", ws).then().statusCode(201).extract().path("data.user.id");
        String group = given().contentType(ContentType.JSON).body("{\"name\":\"Sweepers\"}")
                .post("/workspaces/{ws}/groups", ws).then().statusCode(200).extract().path("data.userGroup.id");
        pathValues = new LinkedHashMap<>();
        pathValues.put("workspaceId", ws);
        pathValues.put("userId", owner);
        pathValues.put("groupId", group);
        // A path parameter this class does not know yet (a new endpoint's) gets a well-formed unknown id.
        forEachOperation((path, method, operation) -> operation.path("parameters").forEach(p -> {
            if ("path".equals(p.path("in").asText())) {
                pathValues.putIfAbsent(p.path("name").asText(), "sweep_unknown");
            }
        }));
    }

    /** The path with every {parameter} filled in (REST Assured refuses values for parameters a path lacks). */
    private static String concrete(String template) {
        String path = template;
        for (Map.Entry<String, String> value : pathValues.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        assertThat(path).as("every path parameter of %s has a value", template).doesNotContain("{");
        return path;
    }

    private RequestSpecification request() {
        return given().config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .urlEncodingEnabled(true).accept(ContentType.JSON);
    }

    private RequestSpecification jsonRequest() {
        return request().contentType("application/json");
    }

    private record EventLogState(long events, long maxSeq, long headPositions) {
    }

    private EventLogState eventLogState() throws SQLException {
        try (var connection = infra.openConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT (SELECT count(*) FROM event_log), "
                     + "(SELECT coalesce(max(seq), 0) FROM event_log), "
                     + "(SELECT coalesce(sum(position), 0) FROM workspace_head)")) {
            rows.next();
            return new EventLogState(rows.getLong(1), rows.getLong(2), rows.getLong(3));
        }
    }
}
