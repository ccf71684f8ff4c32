package io.iamsuite.identity.api;

import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** The member endpoint against a real PostgreSQL and a real Kafka broker. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class MemberResourceTest {
    @InjectInfra
    InfraInfo infra;

    private String workspaceId;

    @BeforeEach
    void announceWorkspace() {
        workspaceId = Workspaces.newId();
        Workspaces.announce(infra, workspaceId);
    }

    @Test
    void with_the_token_of_the_workspace_creation_a_member_can_be_added_before_this_service_heard_of_it()
            throws Exception {
        String fresh = Workspaces.newId();
        String creationToken = ConsistencyToken.of(fresh, EventSource.RESOURCE, 3).encode();
        // The workspace's event arrives half a second after the request: the window being bridged.
        var publisher = java.util.concurrent.CompletableFuture.runAsync(() -> {
            Workspaces.publishCreated(infra, fresh);
        }, java.util.concurrent.CompletableFuture.delayedExecutor(500, java.util.concurrent.TimeUnit.MILLISECONDS));

        given().contentType(ContentType.JSON).header("X-Consistency-Token", creationToken)
                .body("{\"email\":\"early@example.com\",\"role\":\"OWNER\"}")
                .post("/workspaces/{ws}/members", fresh)
                .then().statusCode(201);
        publisher.get();

        given().contentType(ContentType.JSON).header("X-Consistency-Token", "ct1.garbage")
                .body("{\"email\":\"x@example.com\",\"role\":\"OWNER\"}")
                .post("/workspaces/{ws}/members", fresh)
                .then().statusCode(422).body("errors[0].field", equalTo("X-Consistency-Token"));
        given().contentType(ContentType.JSON).header("X-Consistency-Token", creationToken)
                .body("{\"email\":\"x@example.com\",\"role\":\"OWNER\"}")
                .post("/workspaces/{ws}/members", workspaceId)
                .then().statusCode(422).body("errors[0].field", equalTo("X-Consistency-Token"));
    }

    @Test
    void adding_a_member_answers_201_with_the_user_and_a_consistency_token_and_publishes_member_added() {
        String token = given().contentType(ContentType.JSON)
                .body("{\"email\":\"Ada@Example.com\",\"name\":\"Ada Lovelace\",\"role\":\"OWNER\"}")
                .post("/workspaces/{ws}/members", workspaceId)
                .then().statusCode(201)
                .body("data.user.id", startsWith("usr_"))
                .body("data.user.email", equalTo("Ada@Example.com"))
                .body("data.user.name", equalTo("Ada Lovelace"))
                .body("data.user.role", equalTo("OWNER"))
                .header("X-Consistency-Token", startsWith("ct1."))
                .header("X-Request-Id", org.hamcrest.Matchers.notNullValue())
                .extract().header("X-Consistency-Token");

        ConsistencyToken decoded = ConsistencyToken.decode(token);
        assertThat(decoded.workspaceId()).isEqualTo(workspaceId);
        assertThat(decoded.position(EventSource.IDENTITY)).isEqualTo(1);

        List<ConsumerRecord<String, byte[]>> records = identityRecords(1);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isEqualTo(workspaceId);
        assertThat(header(record, "ce_type")).isEqualTo("identity.member-added");
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_source")).isEqualTo("/iam/identity");
        EventEnvelope envelope = EventCodec.standard().decode(record.value());
        assertThat(envelope.position()).isEqualTo(1);
        assertThat(envelope.data()).isInstanceOfSatisfying(IdentityEvent.MemberAdded.class, added -> {
            assertThat(added.email()).isEqualTo("Ada@Example.com");
            assertThat(added.role()).isEqualTo(MemberRole.OWNER);
        });
        assertThat(envelope.requestId()).isNotBlank();
    }

    @Test
    void the_request_id_given_by_the_caller_is_echoed_and_recorded_on_the_event() {
        given().contentType(ContentType.JSON).header("X-Request-Id", "req-abc-123")
                .body("{\"email\":\"grace@example.com\",\"role\":\"MEMBER\"}")
                .post("/workspaces/{ws}/members", workspaceId)
                .then().statusCode(201).header("X-Request-Id", "req-abc-123");

        assertThat(EventCodec.standard().decode(identityRecords(1).get(0).value()).requestId()).isEqualTo("req-abc-123");
    }

    @Test
    void segment_media_type_is_accepted() {
        given().contentType("application/vnd.segment.v1+json")
                .body("{\"email\":\"lin@example.com\",\"role\":\"MEMBER\"}")
                .post("/workspaces/{ws}/members", workspaceId)
                .then().statusCode(201);
    }

    static Stream<Arguments> badInput() {
        String big = "{\"email\":\"" + "a".repeat(300_000) + "@example.com\",\"role\":\"OWNER\"}";
        return Stream.of(
                Arguments.of("missing email", ContentType.JSON.toString(), "{\"role\":\"OWNER\"}", 422, "email"),
                Arguments.of("malformed email", ContentType.JSON.toString(), "{\"email\":\"not-an-email\",\"role\":\"OWNER\"}", 422, "email"),
                Arguments.of("email as a number", ContentType.JSON.toString(), "{\"email\":42,\"role\":\"OWNER\"}", 422, "email"),
                Arguments.of("blank email", ContentType.JSON.toString(), "{\"email\":\"  \",\"role\":\"OWNER\"}", 422, "email"),
                Arguments.of("unknown role", ContentType.JSON.toString(), "{\"email\":\"x@example.com\",\"role\":\"ADMIN\"}", 422, "role"),
                Arguments.of("missing role", ContentType.JSON.toString(), "{\"email\":\"x@example.com\"}", 422, "role"),
                Arguments.of("unknown field", ContentType.JSON.toString(), "{\"email\":\"x@example.com\",\"role\":\"OWNER\",\"admin\":true}", 422, "admin"),
                Arguments.of("name too long", ContentType.JSON.toString(), "{\"email\":\"x@example.com\",\"role\":\"OWNER\",\"name\":\"" + "n".repeat(256) + "\"}", 422, "name"),
                Arguments.of("malformed JSON", ContentType.JSON.toString(), "{\"email\":", 400, "body"),
                Arguments.of("JSON array", ContentType.JSON.toString(), "[]", 400, "body"),
                Arguments.of("empty body", ContentType.JSON.toString(), "", 422, "body"),
                Arguments.of("wrong content type", ContentType.TEXT.toString(), "email=x@example.com", 415, "Content-Type"),
                Arguments.of("oversized body", ContentType.JSON.toString(), big, 413, "body"));
    }

    @ParameterizedTest(name = "{0} -> {3} naming {4}")
    @MethodSource("badInput")
    void bad_input_answers_a_4xx_naming_the_field_and_stores_nothing(String name, String contentType, String body,
                                                                    int status, String field) throws SQLException {
        long events = countRows("event_log");
        long members = countRows("members");

        given().contentType(contentType).body(body)
                .post("/workspaces/{ws}/members", workspaceId)
                .then().statusCode(status)
                .contentType(ContentType.JSON)
                .body("errors", hasSize(org.hamcrest.Matchers.greaterThanOrEqualTo(1)))
                .body("errors.field", org.hamcrest.Matchers.hasItem(field))
                .body("data", org.hamcrest.Matchers.nullValue());

        assertThat(countRows("event_log")).isEqualTo(events);
        assertThat(countRows("members")).isEqualTo(members);
    }

    @Test
    void an_unknown_workspace_answers_404_naming_the_workspace_and_stores_nothing() throws SQLException {
        long events = countRows("event_log");

        given().contentType(ContentType.JSON).body("{\"email\":\"x@example.com\",\"role\":\"OWNER\"}")
                .post("/workspaces/{ws}/members", "ws_does_not_exist")
                .then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
        given().contentType(ContentType.JSON).body("{\"email\":\"x@example.com\",\"role\":\"OWNER\"}")
                .post("/workspaces/{ws}/members", "bad workspace!")
                .then().statusCode(422).body("errors[0].field", equalTo("workspaceId"));

        assertThat(countRows("event_log")).isEqualTo(events);
    }

    @Test
    void the_same_email_in_another_case_is_a_409_on_email() throws SQLException {
        given().contentType(ContentType.JSON).body("{\"email\":\"dup@example.com\",\"role\":\"OWNER\"}")
                .post("/workspaces/{ws}/members", workspaceId).then().statusCode(201);
        long events = countRows("event_log");

        given().contentType(ContentType.JSON).body("{\"email\":\"DUP@Example.COM\",\"role\":\"MEMBER\"}")
                .post("/workspaces/{ws}/members", workspaceId)
                .then().statusCode(409).body("errors[0].field", equalTo("email"));

        assertThat(countRows("event_log")).isEqualTo(events);
    }

    @Test
    void unknown_paths_and_methods_answer_in_the_error_envelope() {
        given().get("/nowhere").then().statusCode(404).body("errors[0].type", equalTo("not-found"));
        given().delete("/workspaces/{ws}/members", workspaceId).then().statusCode(405)
                .body("errors[0].type", equalTo("method-not-allowed"));
    }


    private long countRows(String table) throws SQLException {
        try (var connection = infra.openConnection();
             var statement = connection.prepareStatement("SELECT count(*) FROM " + table
                     + " WHERE workspace_id = ?")) {
            statement.setString(1, workspaceId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The records of this test's workspace on the identity topic, waiting until {@code expected} arrived. */
    private List<ConsumerRecord<String, byte[]>> identityRecords(int expected) {
        Properties props = infra.kafkaClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(infra.eventsTopic("identity")));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (workspaceId.equals(r.key())) {
                        found.add(r);
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
