package io.iamsuite.policy.domain;

import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.ProjectionPropertiesTest.Event;
import io.iamsuite.policy.domain.feed.AccessChange;
import io.iamsuite.policy.domain.feed.AccessDelta;
import io.iamsuite.policy.domain.feed.AccessDiff;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed property of the policy issue: replaying the access-change records of a random history over an empty ACL
 * gives exactly the (subject, resource, action) triples that lookupResources and the brute-force reference report,
 * for every subject, action and type; and every record's {@code before} is what the ACL held for the pair.
 */
class AccessFeedPropertiesTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final List<Subject> SUBJECTS = List.of(Subject.user("u0"), Subject.user("u1"), Subject.user("u2"),
            Subject.user("u3"), Subject.token("t0"), Subject.token("t1"), Subject.token("t2"));

    record Key(String workspace, Subject subject, ResourceRef resource) {
    }

    @Provide
    Arbitrary<List<Event>> histories() {
        return new ProjectionPropertiesTest().histories();
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void replaying_the_feed_over_an_empty_acl_gives_what_lookups_report(@ForAll("histories") List<Event> history) {
        replayFeed(history, ProjectionPropertiesTest.envelopes(history), 10);
    }

    @Provide
    Arbitrary<List<Event>> renameRaces() {
        return new ProjectionPropertiesTest().renameRaces();
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void the_feed_reports_a_revoke_that_waited_for_its_rename_when_the_rename_arrives(
            @ForAll("renameRaces") List<Event> history) {
        // The identity topic read before the resource topic: revokes by new names wait for their renames.
        List<EventEnvelope> log = ProjectionPropertiesTest.envelopes(history);
        List<EventEnvelope> identityFirst = new ArrayList<>(log.stream()
                .filter(e -> e.source() == io.iamsuite.events.EventSource.IDENTITY).toList());
        identityFirst.addAll(log.stream().filter(e -> e.source() != io.iamsuite.events.EventSource.IDENTITY).toList());
        replayFeed(history, identityFirst, 1);
    }

    /**
     * Folds the events in the given order, replaying each one's access-change records over an ACL that starts empty
     * ({@link #replay} checks every record's {@code before}); a redelivery must record nothing. Every {@code every}
     * events and at the end the ACL must be what lookups report, and at the end what the reference reports.
     */
    private static void replayFeed(List<Event> history, List<EventEnvelope> order, int every) {
        Projection projection = new Projection();
        Evaluator evaluator = new Evaluator(projection, CATALOGUE);
        Lookups lookups = new Lookups(projection, evaluator);
        AccessDiff diff = new AccessDiff(projection, evaluator);
        Map<Key, SortedSet<String>> acl = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            EventEnvelope event = order.get(i);
            replay(acl, diff.apply(event).orElseThrow(), history);
            assertThat(diff.apply(event)).as("a redelivery is skipped").isEqualTo(Optional.empty());
            if (i % every == every - 1) {
                assertThat(triples(acl)).as("after %s (event %d of %s)", event.data(), i + 1, history)
                        .isEqualTo(fromLookups(lookups, projection, history));
            }
        }
        assertThat(triples(acl)).as("after %s", history).isEqualTo(fromLookups(lookups, projection, history));
        assertThat(triples(acl)).as("reference after %s", history).isEqualTo(fromReference(history));
    }

    private static void replay(Map<Key, SortedSet<String>> acl, AccessDelta delta, List<Event> history) {
        String ws = delta.cause().workspaceId();
        for (AccessChange change : delta.changes()) {
            Key key = new Key(ws, change.subject(), change.resource());
            assertThat(change.before()).as("before of %s, caused by %s in %s", key, delta.cause().data(), history)
                    .isEqualTo(acl.getOrDefault(key, new TreeSet<>()));
            assertThat(change.after()).isNotEqualTo(change.before());
            if (change.after().isEmpty()) {
                acl.remove(key);
            } else {
                acl.put(key, change.after());
            }
        }
    }

    private static Set<String> triples(Map<Key, SortedSet<String>> acl) {
        Set<String> all = new TreeSet<>();
        acl.forEach((key, actions) -> actions.forEach(action -> all.add(triple(key.workspace(), key.subject(), action,
                key.resource().id()))));
        return all;
    }

    private static Set<String> fromLookups(Lookups lookups, Projection projection, List<Event> history) {
        Set<String> all = new TreeSet<>();
        for (String ws : workspaces(history)) {
            if (!projection.knowsWorkspace(ws)) {
                continue;
            }
            for (Subject subject : SUBJECTS) {
                for (Action action : CATALOGUE.actions()) {
                    String after = null;
                    do {
                        ResourcePage page = lookups.lookupResources(ws, subject, action.name(), action.type(), after, 50)
                                .orElseThrow();
                        page.ids().forEach(id -> all.add(triple(ws, subject, action.name(), id)));
                        after = page.next();
                    } while (after != null);
                }
            }
        }
        return all;
    }

    private static Set<String> fromReference(List<Event> history) {
        ProjectionPropertiesTest.Reference reference = new ProjectionPropertiesTest.Reference(history);
        Set<String> all = new TreeSet<>();
        for (String ws : workspaces(history)) {
            if (!reference.knows(ws)) {
                continue;
            }
            for (Subject subject : SUBJECTS) {
                for (Action action : CATALOGUE.actions()) {
                    reference.lookupResources(ws, subject, action.name(), action.type())
                            .forEach(id -> all.add(triple(ws, subject, action.name(), id)));
                }
            }
        }
        return all;
    }

    private static Set<String> workspaces(List<Event> history) {
        Set<String> all = new TreeSet<>();
        history.forEach(event -> all.add(event.workspace()));
        return all;
    }

    private static String triple(String ws, Subject subject, String action, String resourceId) {
        return ws + " " + subject.type() + ":" + subject.id() + " " + action + " " + resourceId;
    }

}
