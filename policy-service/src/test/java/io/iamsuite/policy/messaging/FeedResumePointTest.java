package io.iamsuite.policy.messaging;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.policy.config.PolicyConfig;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.audit.AuditTrail;
import io.iamsuite.policy.snapshot.SnapshotStore;
import io.iamsuite.policy.snapshot.Snapshots;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A snapshot stores where the access-change feed's resume read may start (its feed offsets): a start from that
 * snapshot that reads the feed topic from there resumes every workspace exactly as a read of the whole topic does —
 * a workspace published after the snapshot resumes after its last message, one whose last message is before it
 * does not resume at all.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class FeedResumePointTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();

    @InjectInfra
    InfraInfo infra;
    @Inject
    Snapshots snapshots;
    @Inject
    SnapshotStore store;
    @Inject
    Projection live;
    @Inject
    PolicyConfig config;
    @Inject
    ProjectionConsumer consumer;

    private final Map<String, Map<EventSource, Long>> positions = new HashMap<>();

    @Test
    void a_read_from_the_snapshots_feed_offsets_resumes_like_a_read_of_the_whole_topic() throws Exception {
        String before = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        String after = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        for (String ws : List.of(before, after)) {
            publish(ws, EventSource.RESOURCE, new ResourceEvent.WorkspaceCreated(ws, "Acme", "acme"));
            publish(ws, EventSource.RESOURCE, new ResourceEvent.ResourceCreated(
                    new ResourceRef(ResourceType.SOURCE, "src_1"), "Web", "web", null, List.of()));
            publish(ws, EventSource.IDENTITY, new IdentityEvent.MemberAdded("usr_1", "u1@x.io", "U1", MemberRole.OWNER));
        }
        awaitApplied(before, 1);
        awaitApplied(after, 1);
        long id = snapshots.request().get(60, TimeUnit.SECONDS).id();
        publish(after, EventSource.IDENTITY, new IdentityEvent.MemberAdded("usr_2", "u2@x.io", "U2", MemberRole.OWNER));
        awaitApplied(after, 2);
        // the message of usr_2's addition is in the topic once a read of all of it resumes `after` from the snapshot
        await().atMost(Duration.ofSeconds(30)).until(() -> resumed(id, Map.of()).containsKey(after));

        SnapshotStore.Meta meta = store.list().stream().filter(m -> m.id() == id).findFirst().orElseThrow();
        assertThat(meta.feedOffsets()).as("the snapshot's feed offsets").isNotEmpty();
        Map<String, AccessFeedPublisher.Resume> fromSnapshot = resumed(id, meta.feedOffsets());
        Map<String, AccessFeedPublisher.Resume> fromBeginning = resumed(id, Map.of());
        assertThat(fromSnapshot).isEqualTo(fromBeginning).containsKey(after).doesNotContainKey(before);
        assertThat(fromSnapshot.get(after).positions().identity()).isEqualTo(2);
    }

    /** What a publisher started from the snapshot resumes, reading the feed topic from the offsets given. */
    private Map<String, AccessFeedPublisher.Resume> resumed(long id, Map<TopicPartition, Long> from) throws IOException {
        Projection projection = new Projection();
        AuditTrail audit = new AuditTrail(100_000);
        Snapshots.decode(store.state(id), projection, audit);
        var publisher = new AccessFeedPublisher(projection, new Evaluator(projection, CATALOGUE), audit, config,
                consumer.bootstrapServers(), new SimpleMeterRegistry());
        publisher.resumeFrom(from);
        publisher.restoreNow();
        publisher.close();
        return publisher.resuming();
    }

    private void awaitApplied(String workspace, long identityPosition) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> live.applied().get(EventSource.IDENTITY, workspace) >= identityPosition);
    }

    private void publish(String workspace, EventSource source, DomainEvent event) {
        long position = positions.computeIfAbsent(workspace, w -> new EnumMap<>(EventSource.class))
                .merge(source, 1L, Long::sum);
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(),
                io.iamsuite.events.EventTypes.currentVersion(event.getClass()), workspace, "stream", position,
                position, Instant.now(), Actor.system(), "test", event);
        infra.send(infra.eventsTopic(source.id()), workspace, EventCodec.standard().encodeToString(envelope));
    }
}
