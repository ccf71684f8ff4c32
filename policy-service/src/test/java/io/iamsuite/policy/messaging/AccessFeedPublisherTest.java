package io.iamsuite.policy.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IamJson;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The access-change feed on the real topic: a group membership, a label assignment and a token revocation. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class AccessFeedPublisherTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final ResourceRef SOURCE = new ResourceRef(ResourceType.SOURCE, "src_1");
    private static final LabelRef PROD = new LabelRef("env", "prod");

    @InjectInfra
    InfraInfo infra;

    private final ObjectMapper json = IamJson.mapper();
    private final Map<EventSource, Long> positions = new EnumMap<>(EventSource.class);
    private String workspace;

    @Test
    void records_arrive_for_a_group_membership_a_label_assignment_and_a_token_revocation() throws Exception {
        workspace = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        String readOnly = CATALOGUE.roleByName("Source Read-only").orElseThrow().id();
        String admin = CATALOGUE.roleByName("Source Admin").orElseThrow().id();
        publish(EventSource.RESOURCE, new ResourceEvent.WorkspaceCreated(workspace, "Acme", "acme"));
        publish(EventSource.RESOURCE, new ResourceEvent.ResourceCreated(SOURCE, "Web", "web", null, List.of()));
        publish(EventSource.RESOURCE, new ResourceEvent.LabelCreated(PROD, null));
        publish(EventSource.IDENTITY, new IdentityEvent.MemberAdded("usr_bob", "bob@x.io", "Bob", MemberRole.MEMBER));
        publish(EventSource.IDENTITY, new IdentityEvent.GroupCreated("grp_1", "Trucks"));
        publish(EventSource.IDENTITY, new IdentityEvent.RoleGranted(Subject.group("grp_1"), new Grant(readOnly, SOURCE, List.of())));
        publish(EventSource.IDENTITY, new IdentityEvent.RoleGranted(Subject.group("grp_1"),
                new Grant(admin, ResourceRef.workspace(workspace), List.of(PROD))));
        List<AccessChangeMessage> messages = new ArrayList<>();
        var props = infra.kafkaClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        UUID joined;
        UUID labelled;
        UUID revoked;
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(infra.topic("access-changes.v1")));
            // One step at a time: the three topics interleave arbitrarily, and each step's records depend on the last.
            joined = publish(EventSource.IDENTITY, new IdentityEvent.GroupMemberAdded("grp_1", "usr_bob"));
            awaitCause(consumer, messages, joined);
            labelled = publish(EventSource.RESOURCE, new ResourceEvent.LabelAssigned(SOURCE, PROD));
            awaitCause(consumer, messages, labelled);
            UUID issued = publish(EventSource.TOKEN, new TokenEvent.TokenIssued("tok_1", "ci", TokenEvent.Access.MEMBER,
                    List.of(new Grant(readOnly, SOURCE, List.of())), "hash", "usr_bob", null));
            awaitCause(consumer, messages, issued);
            revoked = publish(EventSource.TOKEN, new TokenEvent.TokenRevoked("tok_1"));
            awaitCause(consumer, messages, revoked);
        }

        AccessChangeMessage.Change join = only(messages, joined);
        assertThat(join.subject()).isEqualTo(Subject.user("usr_bob"));
        assertThat(join.resource()).isEqualTo(SOURCE);
        assertThat(join.before()).isEmpty();
        assertThat(join.after()).contains("source.read").doesNotContain("source.update");

        AccessChangeMessage.Change label = only(messages, labelled);
        assertThat(label.before()).isEqualTo(join.after());
        assertThat(label.after()).contains("source.read", "source.update");

        AccessChangeMessage.Change revocation = only(messages, revoked);
        assertThat(revocation.subject()).isEqualTo(Subject.token("tok_1"));
        assertThat(revocation.before()).contains("source.read");
        assertThat(revocation.after()).isEmpty();

        AccessChangeMessage last = messages.get(messages.size() - 1);
        assertThat(last.positions()).isEqualTo(new AccessChangeMessage.Positions(5, 4, 2));
        assertThat(last.chunk()).isEqualTo(new AccessChangeMessage.Chunk(0, 1));
        assertThat(last.cause().source()).isEqualTo("token");
        assertThat(last.cause().position()).isEqualTo(2);
    }

    private void awaitCause(KafkaConsumer<String, byte[]> consumer, List<AccessChangeMessage> messages, UUID cause) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                if (workspace.equals(record.key())) {
                    messages.add(json.readValue(record.value(), AccessChangeMessage.class));
                }
            }
            return messages.stream().anyMatch(m -> m.cause().eventId().equals(cause));
        });
    }

    private static AccessChangeMessage.Change only(List<AccessChangeMessage> messages, UUID cause) {
        List<AccessChangeMessage.Change> changes = messages.stream().filter(m -> m.cause().eventId().equals(cause))
                .flatMap(m -> m.changes().stream()).toList();
        assertThat(changes).as("changes caused by %s in %s", cause, messages).hasSize(1);
        return changes.get(0);
    }

    private UUID publish(EventSource source, DomainEvent event) {
        long position = positions.merge(source, 1L, Long::sum);
        UUID id = UUID.randomUUID();
        var envelope = new EventEnvelope(id, event.eventType(),
                io.iamsuite.events.EventTypes.currentVersion(event.getClass()), workspace, "stream", position,
                position, Instant.now(), Actor.system(), "test", event);
        infra.send(infra.eventsTopic(source.id()), workspace, EventCodec.standard().encodeToString(envelope));
        return id;
    }
}
