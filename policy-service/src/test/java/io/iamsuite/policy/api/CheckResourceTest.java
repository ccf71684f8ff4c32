package io.iamsuite.policy.api;

import io.iamsuite.events.Actor;
import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Checks over HTTP against a projection fed from a real Kafka broker, as the relays feed it. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class CheckResourceTest {
    @InjectInfra
    InfraInfo infra;

    private String workspace;
    private long identityPosition;

    @BeforeEach
    void newWorkspace() {
        workspace = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        identityPosition = 0;
    }

    @Test
    void with_the_write_token_the_owner_is_allowed_and_the_member_denied() {
        publish(EventSource.RESOURCE, 1, new ResourceEvent.WorkspaceCreated(workspace, "Acme", "acme"));
        String owner = addMember("ada", MemberRole.OWNER);
        String member = addMember("bob", MemberRole.MEMBER);

        check("ada", "{\"atLeastAsFresh\":[\"" + owner + "\"]}").statusCode(200).body("data.allowed", equalTo(true));
        check("bob", "{\"atLeastAsFresh\":[\"" + member + "\"]}").statusCode(200).body("data.allowed", equalTo(false));
        check("ada", "{\"atLeastAsFresh\":[\"" + owner + "\",\"" + member + "\"]}").statusCode(200)
                .body("data.allowed", equalTo(true));
    }

    @Test
    void fully_consistent_sees_everything_published_before_the_read() {
        addMember("ada", MemberRole.OWNER);

        check("ada", "{\"fullyConsistent\":true}").statusCode(200).body("data.allowed", equalTo(true));
    }

    @Test
    void a_token_the_projection_cannot_reach_answers_503_with_the_lag() {
        addMember("ada", MemberRole.OWNER);
        String ahead = ConsistencyToken.of(workspace, EventSource.IDENTITY, 99).encode();

        check("ada", "{\"atLeastAsFresh\":[\"" + ahead + "\"]}").statusCode(503)
                .body("errors[0].type", equalTo("unavailable"))
                .body("errors[0].message", containsString("identity applied 1 of 99"));
    }

    @Test
    void a_redelivered_event_changes_nothing() {
        addMember("ada", MemberRole.OWNER);
        String removed = publish(EventSource.IDENTITY, ++identityPosition, new IdentityEvent.MemberRemoved("ada", "ada@x.io"));
        publish(EventSource.IDENTITY, 1, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER));

        check("ada", "{\"fullyConsistent\":true}").statusCode(200).body("data.allowed", equalTo(false));
        check("ada", "{\"atLeastAsFresh\":[\"" + removed + "\"]}").statusCode(200).body("data.allowed", equalTo(false));
    }

    @Test
    void an_unreadable_record_goes_to_the_dead_letter_topic_and_the_projection_keeps_going() {
        send(infra.eventsTopic("identity"), "{\"eventType\":\"identity.member-teleported\"}");
        String token = addMember("ada", MemberRole.OWNER);

        check("ada", "{\"atLeastAsFresh\":[\"" + token + "\"]}").statusCode(200).body("data.allowed", equalTo(true));

        var props = infra.kafkaClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        AtomicReference<String> reason = new AtomicReference<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(infra.topic("policy.dead-letters.v1")));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> reason.set(
                        new String(r.headers().lastHeader("iam_dlq_reason").value(), StandardCharsets.UTF_8)));
                return reason.get() != null;
            });
        }
        assertThat(reason.get()).isNotBlank();
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'projection' }.data.deadLetters", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }

    @Test
    void an_unknown_workspace_answers_404_naming_it() {
        given().contentType(ContentType.JSON).body(body("ws_never_seen", "ada", "source.update", "SOURCE", null))
                .post("/policy/v1/check").then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing workspace  | {\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.update\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}} | workspaceId",
            "unknown subject type | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"ROBOT\",\"id\":\"a\"},\"permission\":\"source.update\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}} | subject.type",
            "group subject      | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"GROUP\",\"id\":\"a\"},\"permission\":\"source.update\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}} | subject.type",
            "missing subject id | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\"},\"permission\":\"source.update\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}} | subject.id",
            "malformed permission | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"Edit Source!\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"}} | permission",
            "unknown resource type | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.update\",\"resource\":{\"type\":\"TOASTER\",\"id\":\"s\"}} | resource.type",
            "malformed token    | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.update\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"},\"consistency\":{\"atLeastAsFresh\":[\"garbage\"]}} | consistency.atLeastAsFresh[0]",
            "two modes          | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.update\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"},\"consistency\":{\"fullyConsistent\":true,\"atLeastAsFresh\":[]}} | consistency",
            "unknown field      | {\"workspaceId\":\"w\",\"subject\":{\"type\":\"USER\",\"id\":\"a\"},\"permission\":\"source.update\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"s\"},\"colour\":1} | colour",
    })
    void bad_input_answers_422_naming_the_field(String name, String json, String field) {
        given().contentType(ContentType.JSON).body(json).post("/policy/v1/check")
                .then().statusCode(422).body("errors.field", org.hamcrest.Matchers.hasItem(field));
    }

    @Test
    void a_token_of_another_workspace_is_refused() {
        String other = ConsistencyToken.of("ws_other", EventSource.IDENTITY, 1).encode();
        given().contentType(ContentType.JSON).body(body(workspace, "ada", "source.update", "SOURCE",
                        "{\"atLeastAsFresh\":[\"" + other + "\"]}"))
                .post("/policy/v1/check").then().statusCode(422)
                .body("errors[0].field", equalTo("consistency.atLeastAsFresh[0]"));
    }

    @Test
    void an_api_token_asks_about_its_own_workspace_only() {
        publish(EventSource.RESOURCE, 1, new ResourceEvent.WorkspaceCreated(workspace, "Acme", "acme"));
        String mine = io.iamsuite.testing.TestTokens.issue(infra, workspace, io.iamsuite.events.TokenEvent.Access.OWNER,
                List.of(), null);
        String strangers = io.iamsuite.testing.TestTokens.issue(infra, "ws_elsewhere",
                io.iamsuite.events.TokenEvent.Access.OWNER, List.of(), null);
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> given().header("Authorization", "Bearer " + mine)
                .contentType(ContentType.JSON).body(body(workspace, "ada", "source.update", "SOURCE", null))
                .post("/policy/v1/check").statusCode() == 200);
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> given().header("Authorization", "Bearer " + strangers)
                .contentType(ContentType.JSON).body(body("ws_elsewhere", "ada", "source.update", "SOURCE", null))
                .post("/policy/v1/check").statusCode() != 401);

        given().header("Authorization", "Bearer " + strangers).contentType(ContentType.JSON)
                .body(body(workspace, "ada", "source.update", "SOURCE", null))
                .post("/policy/v1/check").then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer iamt_nope")
                .body(body(workspace, "ada", "source.update", "SOURCE", null))
                .post("/policy/v1/check").then().statusCode(401);
    }

    private io.restassured.response.ValidatableResponse check(String user, String consistency) {
        return given().contentType(ContentType.JSON).body(body(workspace, user, "source.update", "SOURCE", consistency))
                .post("/policy/v1/check").then();
    }

    private static String body(String workspace, String user, String permission, String type, String consistency) {
        return "{\"workspaceId\":\"" + workspace + "\",\"subject\":{\"type\":\"USER\",\"id\":\"" + user + "\"},"
                + "\"permission\":\"" + permission + "\",\"resource\":{\"type\":\"" + type + "\",\"id\":\"src_1\"}"
                + (consistency == null ? "" : ",\"consistency\":" + consistency) + "}";
    }

    private String addMember(String user, MemberRole role) {
        return publish(EventSource.IDENTITY, ++identityPosition,
                new IdentityEvent.MemberAdded(user, user + "@x.io", user, role));
    }

    /** Publishes as a relay would and returns the consistency token of that write. */
    private String publish(EventSource source, long position, DomainEvent event) {
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(),
                io.iamsuite.events.EventTypes.currentVersion(event.getClass()), workspace, "stream", position,
                position, Instant.now(), Actor.system(), "test", event);
        send(infra.eventsTopic(source.id()), EventCodec.standard().encodeToString(envelope));
        return ConsistencyToken.of(workspace, source, position).encode();
    }

    private void send(String topic, String value) {
        infra.send(topic, workspace, value);
    }
}
