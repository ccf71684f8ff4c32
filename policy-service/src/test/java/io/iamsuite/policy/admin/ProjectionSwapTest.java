package io.iamsuite.policy.admin;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.policy.domain.Projection;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-over of a rebuilt projection on the consumer's thread: only at exactly the live offsets. */
class ProjectionSwapTest {
    private static final TopicPartition IDENTITY = new TopicPartition("ns.identity.events.v1", 0);
    private static final TopicPartition RESOURCE = new TopicPartition("ns.resource.events.v1", 0);

    private static EventEnvelope at(String workspace, long position, DomainEvent event) {
        return new EventEnvelope(UUID.randomUUID(), event.eventType(), 1, workspace, "s", position, position,
                Instant.now(), Actor.system(), "r", event);
    }

    private static Projection fold(EventEnvelope... events) {
        Projection projection = new Projection();
        for (EventEnvelope event : events) {
            projection.apply(event);
        }
        return projection;
    }

    private final EventEnvelope created = at("ws_1", 1, new ResourceEvent.WorkspaceCreated("ws_1", "Acme", "acme"));
    private final EventEnvelope ada = at("ws_1", 1, new IdentityEvent.MemberAdded("ada", "a@x.io", "Ada", MemberRole.OWNER));
    private final EventEnvelope bob = at("ws_1", 2, new IdentityEvent.MemberAdded("bob", "b@x.io", "Bob", MemberRole.MEMBER));

    @Test
    void at_exactly_the_live_offsets_the_live_projection_adopts_the_rebuilt_state() {
        Projection live = fold(created, ada, at("ws_gone", 1, new ResourceEvent.WorkspaceCreated("ws_gone", "G", "g")));
        Projection rebuilt = fold(created, ada);
        ProjectionSwap swap = new ProjectionSwap(live);

        CompletableFuture<Map<TopicPartition, Long>> answer = swap.offer(rebuilt, Map.of(IDENTITY, 1L, RESOURCE, 2L));
        swap.atBatchEnd(Map.of(IDENTITY, 1L, RESOURCE, 2L));

        assertThat(answer).isCompletedWithValue(null);
        assertThat(live.dump()).isEqualTo(rebuilt.dump());
        assertThat(live.knowsWorkspace("ws_gone")).isFalse();
        assertThat(live.applied().get(EventSource.IDENTITY, "ws_1")).isEqualTo(1);
        // the consumer carries on applying into the adopted state
        assertThat(live.apply(bob)).isTrue();
        assertThat(live.view("ws_1").orElseThrow().members()).containsOnlyKeys("ada", "bob");
    }

    @Test
    void behind_or_ahead_of_the_live_offsets_the_offer_is_answered_with_them_and_nothing_changes() {
        Projection live = fold(created, ada, bob);
        String before = live.dump();
        ProjectionSwap swap = new ProjectionSwap(live);
        swap.holdMillis = 50;

        CompletableFuture<Map<TopicPartition, Long>> behind = swap.offer(fold(created, ada), Map.of(IDENTITY, 1L, RESOURCE, 1L));
        swap.atBatchEnd(Map.of(IDENTITY, 2L, RESOURCE, 1L));
        assertThat(behind).isCompletedWithValue(Map.of(IDENTITY, 2L, RESOURCE, 1L));

        CompletableFuture<Map<TopicPartition, Long>> ahead = swap.offer(fold(created, ada, bob), Map.of(IDENTITY, 3L, RESOURCE, 1L));
        swap.atBatchEnd(Map.of(IDENTITY, 2L, RESOURCE, 1L));
        assertThat(ahead).isCompletedWithValue(Map.of(IDENTITY, 2L, RESOURCE, 1L));

        assertThat(live.dump()).isEqualTo(before);
    }

    @Test
    void without_an_offer_a_batch_end_does_nothing() {
        Projection live = fold(created, ada);
        String before = live.dump();
        new ProjectionSwap(live).atBatchEnd(Map.of(IDENTITY, 1L));
        assertThat(live.dump()).isEqualTo(before);
    }

    @Test
    void a_rebuild_just_behind_is_waited_for_and_adopted_in_the_same_pause() throws Exception {
        Projection live = fold(created, ada, bob);
        Projection rebuilt = fold(created, ada);
        ProjectionSwap swap = new ProjectionSwap(live);
        CompletableFuture<CompletableFuture<Map<TopicPartition, Long>>> second = new CompletableFuture<>();

        swap.offer(rebuilt, Map.of(IDENTITY, 1L, RESOURCE, 1L)).thenAcceptAsync(liveOffsets -> {
            rebuilt.apply(bob);   // the rebuild reads up to the offsets it was answered, on its own thread
            second.complete(swap.offer(rebuilt, liveOffsets));
        });
        swap.atBatchEnd(Map.of(IDENTITY, 2L, RESOURCE, 1L));

        assertThat(second.get(5, java.util.concurrent.TimeUnit.SECONDS)).isCompletedWithValue(null);
        assertThat(live.dump()).isEqualTo(rebuilt.dump());
    }
}
