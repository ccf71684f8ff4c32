package io.iamsuite.policy.domain;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionTest {
    private static final String WS = "ws_1";
    private final Projection projection = new Projection();
    private final Evaluator evaluator = new Evaluator(projection);

    static EventEnvelope at(long position, DomainEvent event) {
        return at(WS, position, event);
    }

    static EventEnvelope at(String workspace, long position, DomainEvent event) {
        return new EventEnvelope(UUID.randomUUID(), event.eventType(), 1, workspace, "s", position, position,
                Instant.EPOCH, Actor.system(), null, event);
    }

    private boolean canEditSource(String userId) {
        return evaluator.check(new CheckRequest(WS, Subject.user(userId), "source.update",
                new ResourceRef(ResourceType.SOURCE, "src_1"))).allowed();
    }

    @Test
    void owners_can_do_everything_and_members_nothing_yet() {
        projection.apply(at(1, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER)));
        projection.apply(at(2, new IdentityEvent.MemberAdded("bob", "bob@x.io", "Bob", MemberRole.MEMBER)));

        assertThat(canEditSource("ada")).isTrue();
        assertThat(canEditSource("bob")).isFalse();
        assertThat(canEditSource("nobody")).isFalse();
    }

    @Test
    void demotion_and_removal_take_effect() {
        projection.apply(at(1, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER)));
        projection.apply(at(2, new IdentityEvent.MemberRoleChanged("ada", MemberRole.MEMBER)));
        assertThat(canEditSource("ada")).isFalse();

        projection.apply(at(3, new IdentityEvent.MemberRoleChanged("ada", MemberRole.OWNER)));
        assertThat(canEditSource("ada")).isTrue();

        projection.apply(at(4, new IdentityEvent.MemberRemoved("ada", "ada@x.io")));
        assertThat(canEditSource("ada")).isFalse();
    }

    @Test
    void an_event_at_or_below_the_applied_position_is_skipped() {
        assertThat(projection.apply(at(1, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER)))).isTrue();
        assertThat(projection.apply(at(2, new IdentityEvent.MemberRemoved("ada", "ada@x.io")))).isTrue();
        // The relay re-sends position 1 after a crash: it must not resurrect the removed owner.
        assertThat(projection.apply(at(1, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER)))).isFalse();

        assertThat(canEditSource("ada")).isFalse();
    }

    @Test
    void positions_are_per_source_and_workspace() {
        projection.apply(at(WS, 5, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER)));

        assertThat(projection.apply(at(WS, 1, new ResourceEvent.WorkspaceCreated(WS, "Acme", "acme")))).isTrue();
        assertThat(projection.apply(at("ws_2", 1, new IdentityEvent.MemberAdded("eve", "e@x.io", "Eve", MemberRole.OWNER)))).isTrue();
    }

    @Test
    void a_workspace_is_known_from_any_of_its_events_whatever_the_order_of_the_topics() {
        assertThat(projection.knowsWorkspace(WS)).isFalse();

        projection.apply(at(1, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER)));

        assertThat(projection.knowsWorkspace(WS)).isTrue();
        assertThat(canEditSource("ada")).isTrue();
    }

    @Test
    void one_workspace_never_sees_another_workspaces_owners() {
        projection.apply(at("ws_2", 1, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER)));

        assertThat(canEditSource("ada")).isFalse();
    }

    @Test
    void adopting_a_rebuilt_projection_takes_its_workspaces_and_drops_the_others() {
        projection.apply(at(WS, 1, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER)));
        projection.apply(at("ws_2", 1, new IdentityEvent.MemberAdded("eve", "e@x.io", "Eve", MemberRole.OWNER)));
        Projection rebuilt = new Projection();
        rebuilt.apply(at(WS, 1, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.MEMBER)));
        rebuilt.apply(at("ws_3", 1, new IdentityEvent.MemberAdded("cid", "c@x.io", "Cid", MemberRole.OWNER)));

        projection.adopt(rebuilt);

        assertThat(canEditSource("ada")).isFalse();
        assertThat(evaluator.check(new CheckRequest("ws_2", Subject.user("eve"), "source.update",
                new ResourceRef(ResourceType.SOURCE, "src_1")))).isEqualTo(Verdict.UNKNOWN_WORKSPACE);
        assertThat(evaluator.check(new CheckRequest("ws_3", Subject.user("cid"), "source.update",
                new ResourceRef(ResourceType.SOURCE, "src_1")))).isEqualTo(Verdict.ALLOWED);
        assertThat(projection.knowsWorkspace("ws_2")).isFalse();
    }

    @Property
    void redelivering_any_prefix_of_the_log_changes_no_answer(@ForAll("histories") List<DomainEvent> history,
                                                              @ForAll("redelivery") int redeliverFrom) {
        Projection once = new Projection();
        Projection withDuplicates = new Projection();
        List<EventEnvelope> log = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            log.add(at(i + 1, history.get(i)));
        }
        log.forEach(once::apply);
        log.forEach(withDuplicates::apply);
        log.subList(Math.min(redeliverFrom, log.size()), log.size()).forEach(withDuplicates::apply);

        for (String user : List.of("u0", "u1", "u2", "u3")) {
            var request = new CheckRequest(WS, Subject.user(user), "source.update", new ResourceRef(ResourceType.SOURCE, "s"));
            assertThat(new Evaluator(withDuplicates).check(request)).isEqualTo(new Evaluator(once).check(request));
        assertThat(withDuplicates.dump()).isEqualTo(once.dump());
        }
    }

    @Provide
    Arbitrary<List<DomainEvent>> histories() {
        Arbitrary<String> users = Arbitraries.of("u0", "u1", "u2", "u3");
        Arbitrary<MemberRole> roles = Arbitraries.of(MemberRole.class);
        Arbitrary<DomainEvent> added = net.jqwik.api.Combinators.combine(users, roles)
                .as((u, r) -> new IdentityEvent.MemberAdded(u, u + "@x.io", u, r));
        Arbitrary<DomainEvent> changed = net.jqwik.api.Combinators.combine(users, roles)
                .as(IdentityEvent.MemberRoleChanged::new);
        Arbitrary<DomainEvent> removed = users.map(u -> new IdentityEvent.MemberRemoved(u, u + "@x.io"));
        return Arbitraries.oneOf(added, changed, removed).list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<Integer> redelivery() {
        return Arbitraries.integers().between(0, 30);
    }
}
