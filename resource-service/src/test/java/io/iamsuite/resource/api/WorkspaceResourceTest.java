package io.iamsuite.resource.api;

import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventSource;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(IamInfraResource.class)
class WorkspaceResourceTest {
    @InjectInfra
    InfraInfo infra;

    private static String slug() {
        return "acme-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void creating_a_workspace_answers_201_and_publishes_it_with_its_default_labels() {
        String slug = slug();
        var response = given().contentType(ContentType.JSON).body("{\"name\":\"Acme\",\"slug\":\"" + slug + "\"}")
                .post("/workspaces")
                .then().statusCode(201)
                .body("data.workspace.id", startsWith("ws_"))
                .body("data.workspace.name", equalTo("Acme"))
                .body("data.workspace.slug", equalTo(slug))
                .header("X-Consistency-Token", startsWith("ct1."))
                .extract();
        String id = response.path("data.workspace.id");
        assertThat(ConsistencyToken.decode(response.header("X-Consistency-Token")).position(EventSource.RESOURCE))
                .isEqualTo(3);

        given().get("/workspaces/{id}", id).then().statusCode(200)
                .body("data.workspace.slug", equalTo(slug));

        List<String> types = new ArrayList<>();
        var props = infra.kafkaClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(infra.eventsTopic("resource")));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (id.equals(r.key())) {
                        types.add(EventCodec.standard().decode(r.value()).eventType());
                    }
                });
                return types.size() >= 3;
            });
        }
        assertThat(types).containsExactly("resource.workspace-created", "resource.label-created", "resource.label-created");
    }

    @Test
    void a_taken_slug_is_a_409_on_slug_and_stores_nothing() throws SQLException {
        String slug = slug();
        given().contentType(ContentType.JSON).body("{\"name\":\"One\",\"slug\":\"" + slug + "\"}")
                .post("/workspaces").then().statusCode(201);
        long events = count("event_log");

        given().contentType(ContentType.JSON).body("{\"name\":\"Two\",\"slug\":\"" + slug + "\"}")
                .post("/workspaces").then().statusCode(409).body("errors[0].field", equalTo("slug"));

        assertThat(count("event_log")).isEqualTo(events);
    }

    @Test
    void a_workspace_is_renamed_with_one_event() {
        String id = Suite.workspace();
        given().contentType(ContentType.JSON).body("{\"name\":\"Acme Inc\"}").patch("/workspaces/{id}", id)
                .then().statusCode(200).body("data.workspace.name", equalTo("Acme Inc"))
                .header("X-Consistency-Token", startsWith("ct1."));
        given().get("/workspaces/{id}", id).then().body("data.workspace.name", equalTo("Acme Inc"));
        given().contentType(ContentType.JSON).body("{\"name\":\"\"}").patch("/workspaces/{id}", id)
                .then().statusCode(422).body("errors[0].field", equalTo("name"));
        given().contentType(ContentType.JSON).body("{\"name\":\"X\"}").patch("/workspaces/{id}", "ws_nope")
                .then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
        assertThat(Suite.eventTypes(infra, id, 4).get(3)).isEqualTo("resource.workspace-renamed");
    }

    @Test
    void the_openapi_document_describes_the_resource_operations() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/workspaces/{workspaceId}/sources/{sourceId}/labels'.post.operationId", equalTo("addLabelsToSource"));
    }

    @Test
    void an_unknown_workspace_is_a_404() {
        given().get("/workspaces/{id}", "ws_nope").then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing name   | {\"slug\":\"ok\"}                       | 422 | name",
            "blank name     | {\"name\":\" \",\"slug\":\"ok\"}         | 422 | name",
            "missing slug   | {\"name\":\"A\"}                         | 422 | slug",
            "upper-case slug | {\"name\":\"A\",\"slug\":\"Acme\"}      | 422 | slug",
            "slug with space | {\"name\":\"A\",\"slug\":\"a b\"}       | 422 | slug",
            "number as name | {\"name\":5,\"slug\":\"ok\"}             | 422 | name",
            "unknown field  | {\"name\":\"A\",\"slug\":\"ok\",\"x\":1}  | 422 | x",
            "malformed JSON | {\"name\":                               | 400 | body",
    })
    void bad_input_answers_a_4xx_naming_the_field_and_stores_nothing(String name, String json, int status, String field)
            throws SQLException {
        long events = count("event_log");
        long workspaces = count("workspaces");

        given().contentType(ContentType.JSON).body(json).post("/workspaces")
                .then().statusCode(status).body("errors.field", hasItem(field));

        assertThat(count("event_log")).isEqualTo(events);
        assertThat(count("workspaces")).isEqualTo(workspaces);
    }

    private long count(String table) throws SQLException {
        try (var connection = infra.openConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
