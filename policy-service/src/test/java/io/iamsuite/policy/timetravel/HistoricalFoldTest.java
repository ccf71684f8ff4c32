package io.iamsuite.policy.timetravel;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.CheckRequest;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Projection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folding a workspace's log (or every workspace's) up to a past point: the boundaries of time and positions are
 * inclusive.
 */
class HistoricalFoldTest {
    private static final String WS = "ws_1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static EventEnvelope at(String workspace, long position, Instant occurredAt, DomainEvent event) {
        return new EventEnvelope(UUID.randomUUID(), event.eventType(), 1, workspace, "s", position, position,
                occurredAt, Actor.system(), "r", event);
    }

    /** ada joins at T0+1h (identity 1), leaves at T0+2h (identity 2); bob joins at T0+3h (identity 3). */
    private static List<EventEnvelope> log() {
        return List.of(
                at(WS, 1, T0, new ResourceEvent.WorkspaceCreated(WS, "Acme", "acme")),
                at("ws_other", 1, T0, new ResourceEvent.WorkspaceCreated("ws_other", "Other", "other")),
                at(WS, 1, T0.plusSeconds(3600), new IdentityEvent.MemberAdded("ada", "a@x.io", "Ada", MemberRole.OWNER)),
                at(WS, 2, T0.plusSeconds(7200), new IdentityEvent.MemberRemoved("ada", "a@x.io")),
                at(WS, 3, T0.plusSeconds(10800), new IdentityEvent.MemberAdded("bob", "b@x.io", "Bob", MemberRole.OWNER)));
    }

    private static Projection fold(AsOf asOf) {
        HistoricalFold fold = new HistoricalFold(WS, asOf);
        log().forEach(fold::offer);
        return fold.projection();
    }

    private static boolean owner(Projection projection, String user) {
        return new Evaluator(projection).check(new CheckRequest(WS, new Subject(Subject.Type.USER, user),
                "source.update", new ResourceRef(ResourceType.SOURCE, "src_1"))).allowed();
    }

    @Test
    void a_time_includes_the_events_that_occurred_at_it_and_before() {
        assertThat(owner(fold(AsOf.time(T0.plusSeconds(3599))), "ada")).isFalse();
        assertThat(owner(fold(AsOf.time(T0.plusSeconds(3600))), "ada")).isTrue();
        assertThat(owner(fold(AsOf.time(T0.plusSeconds(7199))), "ada")).isTrue();
        assertThat(owner(fold(AsOf.time(T0.plusSeconds(7200))), "ada")).isFalse();
        assertThat(owner(fold(AsOf.time(T0.plusSeconds(7200))), "bob")).isFalse();
        assertThat(owner(fold(AsOf.time(T0.plusSeconds(10800))), "bob")).isTrue();
    }

    @Test
    void positions_include_the_events_at_them_and_below_and_a_source_left_out_contributes_nothing() {
        assertThat(owner(fold(AsOf.positions(Map.of(EventSource.IDENTITY, 1L, EventSource.RESOURCE, 1L))), "ada")).isTrue();
        assertThat(owner(fold(AsOf.positions(Map.of(EventSource.IDENTITY, 2L, EventSource.RESOURCE, 1L))), "ada")).isFalse();
        assertThat(owner(fold(AsOf.positions(Map.of(EventSource.IDENTITY, 0L, EventSource.RESOURCE, 1L))), "ada")).isFalse();
        Projection identityOnly = fold(AsOf.positions(Map.of(EventSource.IDENTITY, 1L)));
        assertThat(identityOnly.applied().get(EventSource.RESOURCE, WS)).isZero();
        assertThat(identityOnly.view(WS).orElseThrow().members()).containsOnlyKeys("ada");
    }

    @Test
    void other_workspaces_are_left_out_and_the_whole_log_equals_the_live_fold() {
        Projection whole = fold(AsOf.time(T0.plusSeconds(100_000)));
        assertThat(whole.knowsWorkspace("ws_other")).isFalse();
        Projection live = new Projection();
        log().stream().filter(e -> e.workspaceId().equals(WS)).forEach(live::apply);
        assertThat(whole.dump()).isEqualTo(live.dump());
    }

    @Test
    void a_redelivered_event_is_applied_once() {
        HistoricalFold fold = new HistoricalFold(WS, AsOf.time(T0.plusSeconds(100_000)));
        log().forEach(fold::offer);
        log().forEach(fold::offer);
        assertThat(fold.applied()).isEqualTo(4);
    }

    @Test
    void before_the_workspace_existed_it_is_unknown() {
        assertThat(fold(AsOf.time(T0.minusSeconds(1))).knowsWorkspace(WS)).isFalse();
    }

    @Test
    void a_fold_of_every_workspace_keeps_each_and_names_those_seen_by_the_point() {
        HistoricalFold fold = HistoricalFold.everyWorkspace(AsOf.time(T0.plusSeconds(3600)));
        log().forEach(fold::offer);
        assertThat(fold.workspaces()).containsExactly("ws_1", "ws_other");
        assertThat(fold.applied()).isEqualTo(3);
        assertThat(owner(fold.projection(), "ada")).isTrue();

        WorkspaceCounts counts = WorkspaceCounts.of(fold.projection(), WS).orElseThrow();
        assertThat(counts.members()).isEqualTo(1);
        assertThat(counts.owners()).isEqualTo(1);
        assertThat(counts.positions()).containsExactly(Map.entry("identity", 1L), Map.entry("resource", 1L),
                Map.entry("token", 0L));
        assertThat(WorkspaceCounts.of(fold.projection(), "ws_never")).isEmpty();
    }
}
