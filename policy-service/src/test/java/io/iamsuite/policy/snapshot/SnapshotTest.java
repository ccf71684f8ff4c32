package io.iamsuite.policy.snapshot;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.events.UnreadableEventException;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.audit.AuditTrail;
import io.iamsuite.policy.messaging.ProjectionConsumer;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshots against the real topics and database: restored + the records after it dumps exactly like a replay of
 * everything (projection and audit trail); unreadable snapshots are skipped, and with none readable the log is
 * replayed; only the newest three are kept.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class SnapshotTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final AuditTrail.Query ALL = new AuditTrail.Query(null, null, null, null);

    @InjectInfra
    InfraInfo infra;
    @Inject
    Snapshots snapshots;
    @Inject
    SnapshotStore store;
    @Inject
    Projection live;
    @Inject
    AuditTrail liveAudit;
    @Inject
    ProjectionConsumer consumer;
    @Inject
    DataSource dataSource;

    private final Map<String, Map<EventSource, Long>> positions = new HashMap<>();

    @Test
    void a_snapshot_plus_the_records_after_it_equals_a_replay_of_everything() throws Exception {
        String a = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        String b = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        history(a, 0);
        history(b, 0);
        awaitApplied();
        long id = snapshots.request().get(30, TimeUnit.SECONDS).id();
        history(a, 1);   // after the snapshot: removals, renames, revocations, more grants
        history(b, 1);
        awaitApplied();

        SnapshotStore.Meta meta = store.list().stream().filter(m -> m.id() == id).findFirst().orElseThrow();
        Projection restored = new Projection();
        AuditTrail restoredAudit = new AuditTrail(100_000);
        Snapshots.decode(store.state(id), restored, restoredAudit);
        assertThat(restored.dump()).contains("workspace " + a).contains("workspace " + b);
        String atSnapshot = restored.dump();
        consume(meta.offsets(), restored, restoredAudit);

        Projection replayed = new Projection();
        AuditTrail replayedAudit = new AuditTrail(100_000);
        consume(Map.of(), replayed, replayedAudit);

        assertThat(restored.dump()).isNotEqualTo(atSnapshot).isEqualTo(replayed.dump());
        assertThat(live.dump()).isEqualTo(replayed.dump());
        for (String ws : List.of(a, b)) {
            assertThat(restoredAudit.list(ws, ALL, null, 1000).records())
                    .isNotEmpty()
                    .isEqualTo(replayedAudit.list(ws, ALL, null, 1000).records())
                    .isEqualTo(liveAudit.list(ws, ALL, null, 1000).records());
        }

        // The start-up path: the newest usable snapshot into an empty projection, offsets to seek to.
        Projection started = new Projection();
        AuditTrail startedAudit = new AuditTrail(100_000);
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, Long> offsets = snapshots.restore(partitions, endOffsets(partitions), started, startedAudit)
                .orElseThrow();
        consume(offsets, started, startedAudit);
        assertThat(started.dump()).isEqualTo(replayed.dump());
    }

    @Test
    void unreadable_snapshots_are_skipped_and_without_a_readable_one_the_log_is_replayed() throws Exception {
        String ws = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        history(ws, 0);
        awaitApplied();
        long good = snapshots.request().get(30, TimeUnit.SECONDS).id();
        byte[] state = store.state(good);
        Map<TopicPartition, Long> offsets = store.list().get(0).offsets();
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, Long> ends = endOffsets(partitions);

        // Newer than the good one: garbage, a truncated snapshot, one flipped byte, one of other topics.
        store.insert(Instant.now(), offsets, "not a snapshot".getBytes(), 0);
        store.insert(Instant.now(), offsets, Arrays.copyOf(state, state.length / 2), 0);
        byte[] flipped = state.clone();
        flipped[flipped.length / 2] ^= 0x5a;
        store.insert(Instant.now(), offsets, flipped, 0);
        store.insert(Instant.now(), Map.of(new TopicPartition("elsewhere", 0), 1L), state, 0);

        Projection target = new Projection();
        Optional<Map<TopicPartition, Long>> used = snapshots.restore(partitions, ends, target, new AuditTrail(1000));
        assertThat(used).contains(offsets);
        Projection expected = new Projection();
        Snapshots.decode(state, expected, new AuditTrail(1000));
        assertThat(target.dump()).isEqualTo(expected.dump());

        // Only unreadable ones: nothing installed, the consumer replays the log.
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM projection_snapshots WHERE id <= " + good);
        }
        Projection empty = new Projection();
        AuditTrail emptyAudit = new AuditTrail(1000);
        assertThat(snapshots.restore(partitions, ends, empty, emptyAudit)).isEmpty();
        assertThat(empty.dump()).isEmpty();
        assertThat(emptyAudit.knows(ws)).isFalse();
    }

    @Test
    void only_the_newest_three_are_kept() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String ws = "ws_" + UUID.randomUUID().toString().substring(0, 8);
            history(ws, 0);
            awaitApplied();
            ids.add(snapshots.request().get(30, TimeUnit.SECONDS).id());
        }
        assertThat(store.list()).extracting(SnapshotStore.Meta::id).containsExactlyElementsOf(
                List.of(ids.get(4), ids.get(3), ids.get(2)));
        assertThat(store.list()).allSatisfy(meta -> assertThat(meta.size()).isPositive());
    }

    // ---- histories ----

    /** Phase 0 builds a workspace of every kind of fact; phase 1 changes and removes some. */
    private void history(String ws, int phase) {
        String readOnly = CATALOGUE.roleByName("Source Read-only").orElseThrow().id();
        String admin = CATALOGUE.roleByName("Source Admin").orElseThrow().id();
        ResourceRef source = new ResourceRef(ResourceType.SOURCE, "src_" + ws);
        ResourceRef destination = new ResourceRef(ResourceType.DESTINATION, "dst_" + ws);
        LabelRef prod = new LabelRef("env", "prod");
        LabelRef live = new LabelRef("env", "live");
        if (phase == 0) {
            publish(ws, EventSource.RESOURCE, new ResourceEvent.WorkspaceCreated(ws, "Acme " + ws, ws));
            publish(ws, EventSource.RESOURCE, new ResourceEvent.ResourceCreated(source, "Web", "web", null, List.of()));
            publish(ws, EventSource.RESOURCE, new ResourceEvent.ResourceCreated(destination, "Warehouse", "wh",
                    source.id(), List.of()));
            publish(ws, EventSource.RESOURCE, new ResourceEvent.LabelCreated(prod, null));
            publish(ws, EventSource.RESOURCE, new ResourceEvent.LabelAssigned(source, prod));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.MemberAdded("usr_ann", "ann@x.io", "Ann", MemberRole.OWNER));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.MemberAdded("usr_bob", "bob@x.io", "Bob", MemberRole.MEMBER));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.MemberAdded("usr_cy", "cy@x.io", "Cy", MemberRole.MEMBER));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.GroupCreated("grp_1", "Trucks"));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.GroupMemberAdded("grp_1", "usr_bob"));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.GroupMemberAdded("grp_1", "usr_cy"));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.RoleGranted(Subject.group("grp_1"),
                    new Grant(readOnly, source, List.of())));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.RoleGranted(Subject.user("usr_cy"),
                    new Grant(admin, ResourceRef.workspace(ws), List.of(prod))));
            publish(ws, EventSource.TOKEN, new TokenEvent.TokenIssued("tok_1", "ci", TokenEvent.Access.MEMBER,
                    List.of(new Grant(readOnly, source, List.of())), "hash", "usr_bob", null));
        } else {
            publish(ws, EventSource.RESOURCE, new ResourceEvent.LabelRenamed(prod, live));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.GroupMemberRemoved("grp_1", "usr_bob"));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.MemberRemoved("usr_cy", "cy@x.io"));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.RoleGranted(Subject.user("usr_bob"),
                    new Grant(admin, destination, List.of())));
            publish(ws, EventSource.RESOURCE, new ResourceEvent.ResourceDeleted(destination));
            publish(ws, EventSource.TOKEN, new TokenEvent.TokenRevoked("tok_1"));
        }
    }

    private void publish(String ws, EventSource source, DomainEvent event) {
        long position = positions.computeIfAbsent(ws, w -> new EnumMap<>(EventSource.class)).merge(source, 1L, Long::sum);
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(),
                io.iamsuite.events.EventTypes.currentVersion(event.getClass()), ws, "stream", position, position,
                Instant.now(), Actor.system(), "test", event);
        infra.send(infra.eventsTopic(source.id()), ws, EventCodec.standard().encodeToString(envelope));
    }

    private void awaitApplied() {
        await().atMost(Duration.ofSeconds(30)).until(() -> positions.entrySet().stream().allMatch(ws ->
                ws.getValue().entrySet().stream().allMatch(p -> live.applied().get(p.getKey(), ws.getKey()) >= p.getValue())));
        await().atMost(Duration.ofSeconds(30)).until(consumer::caughtUp);
    }

    // ---- reading the topics directly ----

    private KafkaConsumer<String, byte[]> kafka() {
        var props = infra.kafkaClientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions() {
        try (var kafka = kafka()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : consumer.topics()) {
                for (PartitionInfo info : kafka.partitionsFor(topic, Duration.ofSeconds(10))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            return partitions;
        }
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        try (var kafka = kafka()) {
            return kafka.endOffsets(partitions, Duration.ofSeconds(10));
        }
    }

    /** Applies every record from {@code from} (absent partitions: from the beginning) to the end. */
    private void consume(Map<TopicPartition, Long> from, Projection projection, AuditTrail audit) {
        List<TopicPartition> partitions = partitions();
        try (var kafka = kafka()) {
            kafka.assign(partitions);
            for (TopicPartition partition : partitions) {
                if (from.containsKey(partition)) {
                    kafka.seek(partition, from.get(partition));
                } else {
                    kafka.seekToBeginning(List.of(partition));
                }
            }
            Map<TopicPartition, Long> end = kafka.endOffsets(partitions, Duration.ofSeconds(10));
            EventCodec codec = EventCodec.standard();
            while (end.entrySet().stream().anyMatch(e -> kafka.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    EventEnvelope envelope;
                    try {
                        envelope = codec.decode(record.value());
                    } catch (UnreadableEventException e) {
                        continue;   // dead-lettered by the consumer too
                    }
                    if (projection.apply(envelope)) {
                        audit.record(envelope);
                    }
                }
            }
        }
    }
}
