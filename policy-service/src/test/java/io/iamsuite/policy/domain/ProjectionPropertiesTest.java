package io.iamsuite.policy.domain;

import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.Relation;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.catalogue.Scope;
import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random event histories of two workspaces (members, owners, groups, memberships, grants of the three scopes with
 * well- and ill-formed targets, resources with labels and parents, label renames and deletions, tokens, removals,
 * deletions, invites) against a reference evaluator written here from docs/roles.md and docs/events.md: the
 * history folded into plain lists, every question answered by looping over them.
 */
class ProjectionPropertiesTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final List<String> WORKSPACES = List.of("ws_a", "ws_b");
    private static final List<String> USERS = List.of("u0", "u1", "u2", "u3");
    private static final List<String> GROUPS = List.of("g0", "g1");
    private static final List<String> TOKENS = List.of("t0", "t1", "t2");
    private static final List<ResourceRef> RESOURCES = List.of(
            new ResourceRef(ResourceType.SOURCE, "s0"), new ResourceRef(ResourceType.SOURCE, "s1"),
            new ResourceRef(ResourceType.SOURCE, "s2"), new ResourceRef(ResourceType.DESTINATION, "d0"),
            new ResourceRef(ResourceType.DESTINATION, "d1"), new ResourceRef(ResourceType.SPACE, "p0"),
            new ResourceRef(ResourceType.FUNCTION, "f0"), new ResourceRef(ResourceType.WAREHOUSE, "w0"));
    private static final List<LabelRef> LABELS = List.of(new LabelRef("env", "prod"), new LabelRef("env", "dev"),
            new LabelRef("team", "a"));
    private static final List<String> ROLES = List.of("Source Admin", "Source Read-only", "Destination Admin",
            "Unify and Engage Admin", "Function Admin", "Minimal Workspace Access", "Workspace Owner",
            "Warehouse Destination Read-only", "Workspace Member", "Source Admin", "Source Read-only").stream()
            .map(name -> CATALOGUE.roleByName(name).orElseThrow().id()).toList();

    record Event(String workspace, DomainEvent data) {
    }

    record Question(String workspace, Subject subject, String action, ResourceRef resource) {
    }

    // ---- properties ----

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void the_projection_answers_every_check_as_the_reference_does(@ForAll("histories") List<Event> history,
                                                                  @ForAll("questions") List<Question> questions) {
        Projection projection = build(history);
        Evaluator evaluator = new Evaluator(projection, CATALOGUE);
        // Another instance of the same catalogue: the general path, without the projection's check index.
        Evaluator general = new Evaluator(projection, RoleCatalogue.load(RoleCatalogue.STANDARD_RESOURCE));
        Reference reference = new Reference(history);
        List<Question> all = new ArrayList<>(questions);
        all.addAll(everyQuestion());
        for (Question q : all) {
            CheckRequest request = new CheckRequest(q.workspace(), q.subject(), q.action(), q.resource());
            Verdict expected = reference.check(q.workspace(), q.subject(), q.action(), q.resource());
            assertThat(evaluator.check(request)).as("%s%nafter %s", q, history).isEqualTo(expected);
            assertThat(general.check(request)).as("general path: %s%nafter %s", q, history).isEqualTo(expected);
            assertThat(evaluator.explain(request).verdict()).as("explain of %s", q).isEqualTo(expected);
        }
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void asking_many_actions_at_once_answers_as_one_check_per_action(@ForAll("histories") List<Event> history) {
        Projection projection = build(history);
        Evaluator evaluator = new Evaluator(projection, CATALOGUE);
        // every action of every type, so that the list also holds actions of other types than the resource's
        List<String> actions = new ArrayList<>(CATALOGUE.actions().stream().map(Action::name).toList());
        actions.add("source.no-such-action");
        List<Subject> subjects = new ArrayList<>();
        USERS.forEach(u -> subjects.add(Subject.user(u)));
        TOKENS.forEach(t -> subjects.add(Subject.token(t)));
        GROUPS.forEach(g -> subjects.add(Subject.group(g)));
        List<String> workspaces = new ArrayList<>(WORKSPACES);
        workspaces.add("ws_unknown");
        for (String ws : workspaces) {
            List<ResourceRef> resources = new ArrayList<>(RESOURCES);
            WORKSPACES.forEach(other -> resources.add(ResourceRef.workspace(other)));
            for (Subject subject : subjects) {
                for (ResourceRef resource : resources) {
                    List<String> oneByOne = actions.stream()
                            .filter(a -> evaluator.check(ws, subject, a, resource) == Verdict.ALLOWED).toList();
                    assertThat(evaluator.allowedOf(ws, subject, actions, resource))
                            .as("%s %s %s%nafter %s", ws, subject, resource, history).isEqualTo(oneByOne);
                }
            }
        }
    }

    /** Every subject, action and resource of the action's type (or the workspace) of the small universe. */
    static List<Question> everyQuestion() {
        List<Question> all = new ArrayList<>();
        List<Subject> subjects = new ArrayList<>();
        USERS.forEach(u -> subjects.add(Subject.user(u)));
        TOKENS.forEach(t -> subjects.add(Subject.token(t)));
        for (String ws : WORKSPACES) {
            for (Subject subject : subjects) {
                for (Action action : CATALOGUE.actions()) {
                    if (action.type() == ResourceType.WORKSPACE || action.creates()) {
                        all.add(new Question(ws, subject, action.name(), ResourceRef.workspace(ws)));
                    }
                    for (ResourceRef ref : RESOURCES) {
                        if (ref.type() == action.type() || action.creates() && ref.type() == ResourceType.SOURCE) {
                            all.add(new Question(ws, subject, action.name(), ref));
                        }
                    }
                }
            }
        }
        return all;
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void lookups_list_exactly_what_checks_allow(@ForAll("histories") List<Event> history,
                                                @ForAll("pageSizes") int limit) {
        Projection projection = build(history);
        Evaluator evaluator = new Evaluator(projection, CATALOGUE);
        Lookups lookups = new Lookups(projection, evaluator);
        Reference reference = new Reference(history);
        assertThat(lookups.lookupResources("ws_unknown", Subject.user("u0"), "source.read", ResourceType.SOURCE, null, limit))
                .isEmpty();
        assertThat(lookups.lookupSubjects("ws_unknown", "source.read", RESOURCES.get(0))).isEmpty();
        for (Question q : everyQuestion()) {
            if (!reference.knows(q.workspace())) {
                continue;
            }
            ResourceType type = CATALOGUE.action(q.action()).orElseThrow().type();
            if (q.resource().type() == type || type == ResourceType.WORKSPACE) {
                assertThat(lookups.lookupSubjects(q.workspace(), q.action(), q.resource()).orElseThrow())
                        .as("lookupSubjects %s after %s", q, history)
                        .containsExactlyInAnyOrderElementsOf(reference.lookupSubjects(q.workspace(), q.action(), q.resource()));
            }
            if (!q.resource().equals(firstOfType(type, q.workspace()))) {
                continue;   // one lookupResources per (workspace, subject, action)
            }
            List<String> paged = new ArrayList<>();
            String after = null;
            do {
                ResourcePage page = lookups.lookupResources(q.workspace(), q.subject(), q.action(), type, after, limit)
                        .orElseThrow();
                assertThat(page.ids()).hasSizeLessThanOrEqualTo(limit);
                paged.addAll(page.ids());
                after = page.next();
            } while (after != null);
            assertThat(paged).as("lookupResources %s %s %s after %s", q.workspace(), q.subject(), q.action(), history)
                    .containsExactlyElementsOf(reference.lookupResources(q.workspace(), q.subject(), q.action(), type));
        }
    }

    private static ResourceRef firstOfType(ResourceType type, String workspace) {
        return type == ResourceType.WORKSPACE ? ResourceRef.workspace(workspace)
                : RESOURCES.stream().filter(r -> r.type() == type).findFirst().orElse(null);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void an_incrementally_built_projection_equals_one_replayed_from_the_log(@ForAll("histories") List<Event> history,
                                                                          @ForAll long seed) {
        List<EventEnvelope> log = envelopes(history);
        Random random = new Random(seed);
        Projection incremental = new Projection();
        Evaluator evaluator = new Evaluator(incremental, CATALOGUE);
        for (int i = 0; i < log.size(); i++) {
            incremental.apply(log.get(i));
            if (random.nextInt(4) == 0) {
                // a relay republishing after a crash: everything from some earlier event on, again
                for (EventEnvelope again : log.subList(random.nextInt(i + 1), i + 1)) {
                    assertThat(incremental.apply(again)).isFalse();
                }
            }
            evaluator.check(new CheckRequest("ws_a", Subject.user("u0"), "source.read", RESOURCES.get(0)));
        }
        Projection replayed = new Projection();
        log.forEach(replayed::apply);

        assertThat(incremental.dump()).isEqualTo(replayed.dump());
        // The check index, kept in step with every event, equals one built at once from the maps (as after a snapshot).
        incremental.workspacesForSnapshot().values().forEach(ws -> {
            String kept = ws.describeIndex();
            ws.buildIndex();
            assertThat(ws.describeIndex()).as("check index of %s after %s", ws.id, history).isEqualTo(kept);
        });
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void the_order_in_which_the_three_topics_interleave_changes_nothing(@ForAll("histories") List<Event> history,
                                                                        @ForAll long seed) {
        List<EventEnvelope> log = envelopes(withoutLabelsNamedBeforeTheyExist(withoutDeletedLabelNamesTakenAgain(history)));
        // Keep each (source, workspace) stream in order, shuffle how the streams interleave.
        Projection shuffled = shuffled(log, new Random(seed));
        Projection inOrder = new Projection();
        log.forEach(inOrder::apply);

        assertThat(shuffled.dump()).isEqualTo(inOrder.dump());
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void a_revoke_naming_labels_by_names_the_projection_has_not_seen_yet_revokes_once_it_has(
            @ForAll("renameRaces") List<Event> history, @ForAll long seed) throws java.io.IOException {
        // identity-service relabels its grants as it learns of renames and revokes them by their new names; the
        // projection may read those revokes before the renames (the identity topic ahead of the resource topic).
        List<EventEnvelope> log = envelopes(history);
        Projection inOrder = new Projection();
        log.forEach(inOrder::apply);
        Projection ahead = new Projection();
        log.stream().filter(e -> e.source() == EventSource.IDENTITY).forEach(ahead::apply);
        // The revokes waiting for their renames survive a snapshot.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ProjectionCodec.write(ahead, new java.io.DataOutputStream(bytes));
        Projection restored = new Projection();
        ProjectionCodec.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())), restored);
        assertThat(restored.dump()).isEqualTo(ahead.dump());
        ahead = restored;
        log.stream().filter(e -> e.source() != EventSource.IDENTITY).forEach(ahead::apply);
        Projection shuffled = shuffled(log, new Random(seed));

        assertThat(ahead.dump()).isEqualTo(inOrder.dump());
        assertThat(shuffled.dump()).isEqualTo(inOrder.dump());
        assertThat(inOrder.dump()).doesNotContain("pending-revokes");
    }

    @org.junit.jupiter.api.Test
    void a_waiting_revoke_whose_grants_are_dropped_with_their_resource_ends_whatever_the_order() {
        String role = ROLES.get(0);
        ResourceRef function = new ResourceRef(ResourceType.FUNCTION, "f0");
        List<EventEnvelope> log = envelopes(List.of(
                new Event("ws_a", new IdentityEvent.RoleGranted(Subject.user("u0"), Grant.on(role, function))),
                new Event("ws_a", new IdentityEvent.RoleRevoked(Subject.user("u0"),
                        new Grant(role, function, List.of(new LabelRef("env", "prod"))))),
                new Event("ws_a", new ResourceEvent.ResourceDeleted(function))));
        Projection identityFirst = new Projection();
        log.forEach(identityFirst::apply);
        Projection resourceFirst = new Projection();
        resourceFirst.apply(log.get(2));
        resourceFirst.apply(log.get(0));
        resourceFirst.apply(log.get(1));

        assertThat(identityFirst.dump()).doesNotContain("pending-revokes").isEqualTo(resourceFirst.dump());
    }

    /** The log with each (source, workspace) stream kept in order and the streams interleaved at random. */
    static Projection shuffled(List<EventEnvelope> log, Random random) {
        Map<String, List<EventEnvelope>> streams = new java.util.LinkedHashMap<>();
        log.forEach(e -> streams.computeIfAbsent(e.source() + "/" + e.workspaceId(), k -> new ArrayList<>()).add(e));
        List<List<EventEnvelope>> queues = new ArrayList<>(streams.values().stream().map(ArrayList::new).toList());
        Projection projection = new Projection();
        while (!queues.isEmpty()) {
            List<EventEnvelope> queue = queues.get(random.nextInt(queues.size()));
            projection.apply(queue.remove(0));
            if (queue.isEmpty()) {
                queues.remove(queue);
            }
        }
        return projection;
    }

    // ---- building ----

    static Projection build(List<Event> history) {
        Projection projection = new Projection();
        envelopes(history).forEach(projection::apply);
        return projection;
    }

    static List<EventEnvelope> envelopes(List<Event> history) {
        Map<String, Long> positions = new java.util.HashMap<>();
        List<EventEnvelope> log = new ArrayList<>();
        for (Event event : history) {
            long position = positions.merge(event.data().source() + "/" + event.workspace(), 1L, Long::sum);
            log.add(new EventEnvelope(UUID.randomUUID(), event.data().eventType(), 1, event.workspace(), "stream",
                    position, position, Instant.EPOCH, Actor.system(), null, event.data()));
        }
        return log;
    }

    // ---- generators ----

    @Provide
    Arbitrary<List<Event>> histories() {
        Arbitrary<String> workspaces = Arbitraries.frequency(Tuple.of(4, "ws_a"), Tuple.of(1, "ws_b"));
        Arbitrary<DomainEvent> data = Arbitraries.frequencyOf(
                Tuple.of(6, memberAdded()), Tuple.of(2, Combinators.combine(users(), Arbitraries.of(MemberRole.class))
                        .as((u, r) -> (DomainEvent) new IdentityEvent.MemberRoleChanged(u, r))),
                Tuple.of(2, users().map(u -> (DomainEvent) new IdentityEvent.MemberRemoved(u, u + "@x.io"))),
                Tuple.of(2, groups().map(g -> (DomainEvent) new IdentityEvent.GroupCreated(g, g))),
                Tuple.of(1, groups().map(g -> (DomainEvent) new IdentityEvent.GroupDeleted(g))),
                Tuple.of(4, Combinators.combine(groups(), users()).as((g, u) -> (DomainEvent) new IdentityEvent.GroupMemberAdded(g, u))),
                Tuple.of(1, Combinators.combine(groups(), users()).as((g, u) -> (DomainEvent) new IdentityEvent.GroupMemberRemoved(g, u))),
                Tuple.of(10, Combinators.combine(holders(), grants()).as((s, g) -> (DomainEvent) new IdentityEvent.RoleGranted(s, g))),
                Tuple.of(3, Combinators.combine(holders(), grants()).as((s, g) -> (DomainEvent) new IdentityEvent.RoleRevoked(s, g))),
                Tuple.of(1, Combinators.combine(users(), grants()).as((u, g) -> (DomainEvent) new IdentityEvent.InviteSent(
                        "inv_" + u, u + "@x.io", List.of(g), List.of("g0"), Instant.EPOCH))),
                Tuple.of(8, resourceCreated()),
                Tuple.of(2, resources().map(r -> (DomainEvent) new ResourceEvent.ResourceDeleted(r))),
                Tuple.of(2, labels().map(l -> (DomainEvent) new ResourceEvent.LabelCreated(l, null))),
                Tuple.of(1, labels().map(l -> (DomainEvent) new ResourceEvent.LabelDeleted(l))),
                Tuple.of(4, Combinators.combine(labels(), labels()).filter((a, b) -> !a.equals(b))
                        .as((a, b) -> (DomainEvent) new ResourceEvent.LabelRenamed(a, b))),
                Tuple.of(8, Combinators.combine(resources(), labels()).as((r, l) -> (DomainEvent) new ResourceEvent.LabelAssigned(r, l))),
                Tuple.of(2, Combinators.combine(resources(), labels()).as((r, l) -> (DomainEvent) new ResourceEvent.LabelUnassigned(r, l))),
                Tuple.of(3, Combinators.combine(tokens(), Arbitraries.of(TokenEvent.Access.class), grants().list().ofMaxSize(3))
                        .as((t, a, gs) -> (DomainEvent) new TokenEvent.TokenIssued(t, t, a, gs, "h", "u0", null))),
                Tuple.of(2, Combinators.combine(tokens(), Arbitraries.of(TokenEvent.Access.class), grants().list().ofMaxSize(3))
                        .as((t, a, gs) -> (DomainEvent) new TokenEvent.TokenPermissionsReplaced(t, a, gs))),
                Tuple.of(1, tokens().map(t -> (DomainEvent) new TokenEvent.TokenRevoked(t))),
                Tuple.of(1, tokens().map(t -> (DomainEvent) new TokenEvent.TokenExpired(t))),
                Tuple.of(1, tokens().map(t -> (DomainEvent) new TokenEvent.TokenRotated(t, "h2", Instant.EPOCH))));
        Arbitrary<List<Event>> random = Combinators.combine(workspaces, data).as(Event::new).list().ofMinSize(5).ofMaxSize(80);
        // Most histories start from a populated workspace, so that the random events meet members and resources.
        return Combinators.combine(Arbitraries.of(true, true, true, false), random).as((populated, events) -> {
            List<Event> history = new ArrayList<>(populated ? prologue() : List.of());
            history.addAll(events);
            return withValidLabelEvents(history);
        });
    }

    /** Members u0-u2, owner u3, every resource (d0 under s0, d1 under s1) and every label, in ws_a. */
    static List<Event> prologue() {
        List<Event> events = new ArrayList<>();
        for (String user : USERS) {
            events.add(new Event("ws_a", new IdentityEvent.MemberAdded(user, user + "@x.io", user,
                    user.equals("u3") ? MemberRole.OWNER : MemberRole.MEMBER)));
        }
        LABELS.forEach(label -> events.add(new Event("ws_a", new ResourceEvent.LabelCreated(label, null))));
        for (ResourceRef ref : RESOURCES) {
            String parent = ref.id().equals("d0") ? "s0" : ref.id().equals("d1") ? "s1" : null;
            events.add(new Event("ws_a", new ResourceEvent.ResourceCreated(ref, ref.id(), ref.id(), parent, List.of())));
        }
        return events;
    }

    /**
     * Label events as resource-service emits them: a label is created only if it does not exist and was never
     * renamed away (a label created again after a rename is a new label, so a late grant naming it would be
     * ambiguous: the projection takes it for the new one), renamed only from an existing label to a free name.
     * Everything else is left as generated, valid or not.
     */
    static List<Event> withValidLabelEvents(List<Event> history) {
        Set<String> existing = new HashSet<>();
        Set<String> renamedAway = new HashSet<>();
        List<Event> kept = new ArrayList<>();
        for (Event event : history) {
            String ws = event.workspace() + "/";
            if (event.data() instanceof ResourceEvent.LabelCreated created) {
                if (existing.contains(ws + created.label()) || renamedAway.contains(ws + created.label())) {
                    continue;
                }
                existing.add(ws + created.label());
            } else if (event.data() instanceof ResourceEvent.LabelRenamed renamed) {
                if (!existing.contains(ws + renamed.from()) || existing.contains(ws + renamed.to())
                        || renamedAway.contains(ws + renamed.to())) {
                    continue;
                }
                existing.remove(ws + renamed.from());
                existing.add(ws + renamed.to());
                renamedAway.add(ws + renamed.from());
            } else if (event.data() instanceof ResourceEvent.LabelDeleted deleted) {
                existing.remove(ws + deleted.label());
            }
            kept.add(event);
        }
        return kept;
    }

    /**
     * The history without label events that give a deleted label's name to another label (created again, or another
     * label renamed to it). A grant or revoke naming such a name is ambiguous across topics: identity-service may
     * have meant the deleted label or the new one, and the projection takes it for the label of that name when it
     * applies the event, so the interleaving decides (docs/services/policy-service.md, "Order, idempotence,
     * tolerance"). Everything else about the history is kept.
     */
    static List<Event> withoutDeletedLabelNamesTakenAgain(List<Event> history) {
        Set<String> deleted = new HashSet<>();
        List<Event> kept = new ArrayList<>();
        for (Event event : history) {
            String ws = event.workspace() + "/";
            if (event.data() instanceof ResourceEvent.LabelDeleted gone) {
                deleted.add(ws + gone.label());
            } else if (event.data() instanceof ResourceEvent.LabelCreated created && deleted.contains(ws + created.label())
                    || event.data() instanceof ResourceEvent.LabelRenamed renamed && deleted.contains(ws + renamed.to())) {
                continue;
            }
            kept.add(event);
        }
        return kept;
    }

    /**
     * The history without grants and revokes that name a label before a later label event gives it that name:
     * identity-service names labels as it knows them from resource-service's events, so such a history cannot
     * happen, and the projection cannot tell what it meant. (Names that no label ever has stay: they reach nothing.)
     */
    static List<Event> withoutLabelsNamedBeforeTheyExist(List<Event> history) {
        Map<String, Integer> lastNamed = new java.util.HashMap<>();   // "ws/label" -> last index giving that name
        for (int i = 0; i < history.size(); i++) {
            Event event = history.get(i);
            if (event.data() instanceof ResourceEvent.LabelCreated created) {
                lastNamed.put(event.workspace() + "/" + created.label(), i);
            } else if (event.data() instanceof ResourceEvent.LabelRenamed renamed) {
                lastNamed.put(event.workspace() + "/" + renamed.to(), i);
            }
        }
        Set<String> live = new HashSet<>();
        List<Event> kept = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Event event = history.get(i);
            String ws = event.workspace() + "/";
            Grant grant = event.data() instanceof IdentityEvent.RoleGranted granted ? granted.grant()
                    : event.data() instanceof IdentityEvent.RoleRevoked revoked ? revoked.grant() : null;
            int at = i;
            if (grant != null && grant.labels().stream().anyMatch(label -> !live.contains(ws + label)
                    && lastNamed.getOrDefault(ws + label, -1) > at)) {
                continue;
            }
            if (event.data() instanceof ResourceEvent.LabelCreated created) {
                live.add(ws + created.label());
            } else if (event.data() instanceof ResourceEvent.LabelRenamed renamed) {
                live.remove(ws + renamed.from());
                live.add(ws + renamed.to());
            } else if (event.data() instanceof ResourceEvent.LabelDeleted deleted) {
                live.remove(ws + deleted.label());
            }
            kept.add(event);
        }
        return kept;
    }

    /**
     * Label grants, renames, and revokes and grants again as identity-service emits them: naming each label by its
     * name at that point (it relabels its grants as it learns of renames), revoking only what it holds.
     */
    @Provide
    Arbitrary<List<Event>> renameRaces() {
        return Arbitraries.integers().between(0, 9_999).list().ofMinSize(3).ofMaxSize(40).map(ProjectionPropertiesTest::renameRace);
    }

    static List<Event> renameRace(List<Integer> choices) {
        List<Event> history = new ArrayList<>(prologue());
        // sources carrying the labels (s0 two of them), so that label grants reach something and checks, lookups
        // and the feed see a revoke that is lost or misapplied, not only the projection's dump
        for (int i = 0; i < LABELS.size(); i++) {
            history.add(new Event("ws_a", new ResourceEvent.LabelAssigned(RESOURCES.get(i), LABELS.get(i))));
        }
        history.add(new Event("ws_a", new ResourceEvent.LabelAssigned(RESOURCES.get(0), LABELS.get(2))));
        List<LabelRef> live = new ArrayList<>(LABELS);
        List<Subject> holders = List.of(Subject.user("u0"), Subject.user("u1"), Subject.group("g0"));
        List<Map.Entry<Subject, Grant>> held = new ArrayList<>();
        List<Map.Entry<Subject, Grant>> revoked = new ArrayList<>();
        int fresh = 0;
        for (int choice : choices) {
            int pick = choice / 10;
            switch (choice % 10) {
                case 0, 1, 2 -> {
                    List<LabelRef> labels = new ArrayList<>(List.of(live.get(pick % live.size())));
                    if (pick % 3 == 0 && live.size() > 1) {
                        LabelRef other = live.get((pick / 3) % live.size());
                        if (!labels.contains(other)) {
                            labels.add(other);
                        }
                    }
                    Grant grant = new Grant(ROLES.get(pick % ROLES.size()), ResourceRef.workspace("ws_a"), labels);
                    Subject holder = holders.get(pick % holders.size());
                    if (held.stream().anyMatch(e -> e.getKey().equals(holder) && sameGrant(e.getValue(), grant))) {
                        continue;   // identity-service grants only what the subject does not hold
                    }
                    history.add(new Event("ws_a", new IdentityEvent.RoleGranted(holder, grant)));
                    held.add(Map.entry(holder, grant));
                }
                case 3, 4 -> {
                    LabelRef from = live.get(pick % live.size());
                    LabelRef to = new LabelRef(from.key(), "v" + fresh++);
                    history.add(new Event("ws_a", new ResourceEvent.LabelRenamed(from, to)));
                    live.set(live.indexOf(from), to);
                    held.replaceAll(e -> Map.entry(e.getKey(), relabel(e.getValue(), from, to)));
                    revoked.replaceAll(e -> Map.entry(e.getKey(), relabel(e.getValue(), from, to)));
                }
                case 5, 6, 7, 8 -> {
                    if (!held.isEmpty()) {
                        Map.Entry<Subject, Grant> gone = held.get(pick % held.size());
                        history.add(new Event("ws_a", new IdentityEvent.RoleRevoked(gone.getKey(), gone.getValue())));
                        held.removeIf(e -> e.equals(gone));
                        revoked.add(gone);
                    }
                }
                default -> {
                    if (!revoked.isEmpty()) {
                        Map.Entry<Subject, Grant> again = revoked.remove(pick % revoked.size());
                        if (held.stream().anyMatch(e -> e.getKey().equals(again.getKey()) && sameGrant(e.getValue(), again.getValue()))) {
                            continue;
                        }
                        history.add(new Event("ws_a", new IdentityEvent.RoleGranted(again.getKey(), again.getValue())));
                        held.add(again);
                    }
                }
            }
        }
        return history;
    }

    private static boolean sameGrant(Grant a, Grant b) {
        return a.roleId().equals(b.roleId()) && a.resource().equals(b.resource()) && Set.copyOf(a.labels()).equals(Set.copyOf(b.labels()));
    }

    private static Grant relabel(Grant grant, LabelRef from, LabelRef to) {
        return new Grant(grant.roleId(), grant.resource(), grant.labels().stream().map(l -> l.equals(from) ? to : l).toList());
    }

    @Provide
    Arbitrary<List<Question>> questions() {
        Arbitrary<String> workspaces = Arbitraries.of("ws_a", "ws_a", "ws_b", "ws_unknown");
        Arbitrary<Subject> subjects = Arbitraries.oneOf(users().map(Subject::user), tokens().map(Subject::token));
        Arbitrary<String> actions = Arbitraries.of(CATALOGUE.actions().stream().map(Action::name).toList());
        Arbitrary<Question> question = Combinators.combine(workspaces, subjects, actions).flatAs((ws, subject, action) -> {
            ResourceType type = CATALOGUE.action(action).orElseThrow().type();
            List<ResourceRef> fitting = type == ResourceType.WORKSPACE ? List.of(ResourceRef.workspace(ws))
                    : RESOURCES.stream().filter(r -> r.type() == type).toList();
            // Mostly a resource of the action's type; sometimes anything (another type, another workspace, a
            // creation asked on the workspace or on the parent).
            Arbitrary<ResourceRef> any = Arbitraries.oneOf(resources(),
                    Arbitraries.of(ResourceRef.workspace("ws_a"), ResourceRef.workspace("ws_b")));
            Arbitrary<ResourceRef> target = fitting.isEmpty() ? any
                    : Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(fitting)), Tuple.of(1, any));
            return target.map(r -> new Question(ws, subject, action, r));
        });
        return question.list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<Integer> pageSizes() {
        return Arbitraries.of(1, 2, 3, 1000);
    }

    private static Arbitrary<String> users() {
        return Arbitraries.of(USERS);
    }

    private static Arbitrary<String> groups() {
        return Arbitraries.of(GROUPS);
    }

    private static Arbitrary<String> tokens() {
        return Arbitraries.of(TOKENS);
    }

    private static Arbitrary<ResourceRef> resources() {
        return Arbitraries.of(RESOURCES);
    }

    private static Arbitrary<LabelRef> labels() {
        return Arbitraries.of(LABELS);
    }

    private static Arbitrary<Subject> holders() {
        return Arbitraries.oneOf(users().map(Subject::user), users().map(Subject::user), groups().map(Subject::group));
    }

    private static Arbitrary<DomainEvent> memberAdded() {
        return Combinators.combine(users(), Arbitraries.of(MemberRole.class))
                .as((u, r) -> new IdentityEvent.MemberAdded(u, u + "@x.io", u, r));
    }

    private static Arbitrary<DomainEvent> resourceCreated() {
        return Combinators.combine(resources(), Arbitraries.of("s0", "s1", "s2"))
                .as((r, parent) -> new ResourceEvent.ResourceCreated(r, r.id(), r.id(),
                        r.type() == ResourceType.DESTINATION ? parent : null, List.of()));
    }

    /** Workspace, listed and label grants; now and then one no validator would let through (labels on a source). */
    private static Arbitrary<Grant> grants() {
        Arbitrary<String> roles = Arbitraries.of(ROLES);
        Arbitrary<Grant> workspace = roles.map(r -> Grant.on(r, ResourceRef.workspace("ws_a")));
        Arbitrary<Grant> listed = Combinators.combine(roles, resources()).as(Grant::on);
        Arbitrary<Grant> labelled = Combinators.combine(roles, Arbitraries.oneOf(labels().list().ofSize(1),
                        labels().list().ofSize(1), labels().list().ofSize(2)))
                .as((r, ls) -> new Grant(r, ResourceRef.workspace("ws_a"), ls));
        Arbitrary<Grant> malformed = Combinators.combine(roles, resources(), labels())
                .as((r, res, l) -> new Grant(r, res, List.of(l)));
        return Arbitraries.frequencyOf(Tuple.of(3, workspace), Tuple.of(4, listed), Tuple.of(4, labelled), Tuple.of(1, malformed));
    }

    // ---- the reference: plain lists, loops ----

    /** The access model folded from a history the simplest way there is, independent of the projection's indexes. */
    static final class Reference {
        record Member(String ws, String user, MemberRole role) {
        }

        record Membership(String ws, String group, String user) {
        }

        record Held(String ws, Subject holder, String roleId, ResourceRef on, Set<LabelRef> labels) {
        }

        record Token(String ws, String id, TokenEvent.Access access) {
        }

        record Resource(String ws, ResourceRef ref, boolean deleted, String parent) {
        }

        record Tag(String ws, ResourceRef ref, LabelRef label) {
        }

        record Alias(String ws, LabelRef old, LabelRef now) {
        }

        /**
         * A revoke that matched nothing and named a label never named, with the grants of its role and target held
         * then (their names kept current): the only ones a later rename lets it revoke.
         */
        record Pending(String ws, Subject holder, Grant revoke, List<Held> heldThen) {
        }

        final Set<String> workspaces = new HashSet<>();
        final List<Member> members = new ArrayList<>();
        final List<Membership> memberships = new ArrayList<>();
        final List<Held> held = new ArrayList<>();
        final List<Token> tokens = new ArrayList<>();
        final List<Resource> resources = new ArrayList<>();
        final List<Tag> tags = new ArrayList<>();
        final List<Alias> aliases = new ArrayList<>();
        /** "ws/label" of every label name created or renamed to, deleted ones included. */
        final Set<String> labelNames = new HashSet<>();
        final List<Pending> pending = new ArrayList<>();

        Reference(List<Event> history) {
            history.forEach(this::fold);
        }

        boolean knows(String ws) {
            return workspaces.contains(ws);
        }

        private void fold(Event event) {
            String ws = event.workspace();
            DomainEvent e = event.data();
            workspaces.add(ws);
            if (e instanceof IdentityEvent.MemberAdded x) {
                members.removeIf(m -> m.ws().equals(ws) && m.user().equals(x.userId()));
                members.add(new Member(ws, x.userId(), x.role()));
            } else if (e instanceof IdentityEvent.MemberRoleChanged x) {
                for (int i = 0; i < members.size(); i++) {
                    if (members.get(i).ws().equals(ws) && members.get(i).user().equals(x.userId())) {
                        members.set(i, new Member(ws, x.userId(), x.role()));
                    }
                }
            } else if (e instanceof IdentityEvent.MemberRemoved x) {
                members.removeIf(m -> m.ws().equals(ws) && m.user().equals(x.userId()));
                memberships.removeIf(m -> m.ws().equals(ws) && m.user().equals(x.userId()));
                held.removeIf(h -> h.ws().equals(ws) && h.holder().equals(Subject.user(x.userId())));
                pending.removeIf(p -> p.ws().equals(ws) && p.holder().equals(Subject.user(x.userId())));
            } else if (e instanceof IdentityEvent.GroupDeleted x) {
                memberships.removeIf(m -> m.ws().equals(ws) && m.group().equals(x.groupId()));
                held.removeIf(h -> h.ws().equals(ws) && h.holder().equals(Subject.group(x.groupId())));
                pending.removeIf(p -> p.ws().equals(ws) && p.holder().equals(Subject.group(x.groupId())));
            } else if (e instanceof IdentityEvent.GroupMemberAdded x) {
                Membership m = new Membership(ws, x.groupId(), x.userId());
                if (!memberships.contains(m)) {
                    memberships.add(m);
                }
            } else if (e instanceof IdentityEvent.GroupMemberRemoved x) {
                memberships.remove(new Membership(ws, x.groupId(), x.userId()));
            } else if (e instanceof IdentityEvent.RoleGranted x) {
                Held h = held(ws, x.subject(), x.grant());
                if (!held.contains(h)) {
                    held.add(h);
                }
            } else if (e instanceof IdentityEvent.RoleRevoked x) {
                Held h = held(ws, x.subject(), x.grant());
                if (!held.remove(h) && !named(ws, h.labels())) {
                    // identity-service may name a label by a new name the projection has not seen yet
                    List<Held> then = held.stream().filter(g -> g.ws().equals(ws) && g.holder().equals(x.subject())
                                    && g.roleId().equals(x.grant().roleId()) && g.on().equals(x.grant().resource()))
                            .toList();
                    if (!then.isEmpty()) {
                        pending.add(new Pending(ws, x.subject(), x.grant(), then));
                    }
                }
            } else if (e instanceof ResourceEvent.ResourceCreated x) {
                Resource old = resource(ws, x.resource());
                if (old == null || !old.deleted()) {
                    resources.remove(old);
                    resources.add(new Resource(ws, x.resource(), false,
                            x.resource().type() == ResourceType.DESTINATION ? x.parentSourceId() : null));
                }
            } else if (e instanceof ResourceEvent.ResourceDeleted x) {
                resources.remove(resource(ws, x.resource()));
                resources.add(new Resource(ws, x.resource(), true, null));
                tags.removeIf(t -> t.ws().equals(ws) && t.ref().equals(x.resource()));
            } else if (e instanceof ResourceEvent.LabelCreated x) {
                aliases.removeIf(a -> a.ws().equals(ws) && a.old().equals(x.label()));
                labelNames.add(ws + "/" + x.label());
                retryPending(ws);
            } else if (e instanceof ResourceEvent.LabelDeleted x) {
                tags.removeIf(t -> t.ws().equals(ws) && t.label().equals(x.label()));
            } else if (e instanceof ResourceEvent.LabelRenamed x) {
                aliases.removeIf(a -> a.ws().equals(ws) && a.old().equals(x.to()));
                for (int i = 0; i < aliases.size(); i++) {
                    Alias a = aliases.get(i);
                    if (a.ws().equals(ws) && a.now().equals(x.from())) {
                        aliases.set(i, new Alias(ws, a.old(), x.to()));
                    }
                }
                aliases.add(new Alias(ws, x.from(), x.to()));
                List<Tag> renamed = new ArrayList<>();
                tags.removeIf(t -> {
                    if (t.ws().equals(ws) && t.label().equals(x.from())) {
                        renamed.add(new Tag(ws, t.ref(), x.to()));
                        return true;
                    }
                    return false;
                });
                renamed.stream().filter(t -> !tags.contains(t)).forEach(tags::add);
                // A waiting revoke that the rename makes name a grant it waited for revokes that grant, by its old
                // name (a grant made later that the rename merges with it stays).
                pending.removeIf(p -> {
                    if (!p.ws().equals(ws)) {
                        return false;
                    }
                    Held target = held(ws, p.holder(), p.revoke());
                    for (Held then : p.heldThen()) {
                        if (held.contains(then) && relabel(then, x.from(), x.to()).equals(target)) {
                            held.remove(then);
                            return true;
                        }
                    }
                    return false;
                });
                List<Held> relabelled = new ArrayList<>();
                held.removeIf(h -> {
                    if (h.ws().equals(ws) && h.labels().contains(x.from())) {
                        Set<LabelRef> labels = new HashSet<>(h.labels());
                        labels.remove(x.from());
                        labels.add(x.to());
                        relabelled.add(new Held(ws, h.holder(), h.roleId(), h.on(), labels));
                        return true;
                    }
                    return false;
                });
                relabelled.stream().filter(h -> !held.contains(h)).forEach(held::add);
                labelNames.add(ws + "/" + x.to());
                pending.replaceAll(p -> !p.ws().equals(ws) ? p : new Pending(ws, p.holder(), p.revoke(),
                        p.heldThen().stream().map(h -> relabel(h, x.from(), x.to())).toList()));
                retryPending(ws);
            } else if (e instanceof ResourceEvent.LabelAssigned x) {
                Resource r = resource(ws, x.resource());
                Tag tag = new Tag(ws, x.resource(), x.label());
                if ((r == null || !r.deleted()) && !tags.contains(tag)) {
                    tags.add(tag);
                }
            } else if (e instanceof ResourceEvent.LabelUnassigned x) {
                tags.remove(new Tag(ws, x.resource(), x.label()));
            } else if (e instanceof TokenEvent.TokenIssued x) {
                setToken(ws, x.tokenId(), x.access(), x.grants());
            } else if (e instanceof TokenEvent.TokenPermissionsReplaced x) {
                if (token(ws, x.tokenId()) != null) {
                    setToken(ws, x.tokenId(), x.access(), x.grants());
                }
            } else if (e instanceof TokenEvent.TokenRevoked x) {
                setToken(ws, x.tokenId(), null, List.of());
            } else if (e instanceof TokenEvent.TokenExpired x) {
                setToken(ws, x.tokenId(), null, List.of());
            }
        }

        private void setToken(String ws, String id, TokenEvent.Access access, List<Grant> grants) {
            tokens.removeIf(t -> t.ws().equals(ws) && t.id().equals(id));
            held.removeIf(h -> h.ws().equals(ws) && h.holder().equals(Subject.token(id)));
            if (access != null) {
                tokens.add(new Token(ws, id, access));
                for (Grant g : grants) {
                    Held h = held(ws, Subject.token(id), g);
                    if (!held.contains(h)) {
                        held.add(h);
                    }
                }
            }
        }

        private boolean named(String ws, Set<LabelRef> labels) {
            return labels.stream().allMatch(label -> labelNames.contains(ws + "/" + label));
        }

        /** Drops the waiting revokes naming only labels named by now: they never will match. */
        private void retryPending(String ws) {
            pending.removeIf(p -> p.ws().equals(ws) && named(ws, held(ws, p.holder(), p.revoke()).labels()));
        }

        private static Held relabel(Held h, LabelRef from, LabelRef to) {
            if (!h.labels().contains(from)) {
                return h;
            }
            Set<LabelRef> labels = new HashSet<>(h.labels());
            labels.remove(from);
            labels.add(to);
            return new Held(h.ws(), h.holder(), h.roleId(), h.on(), labels);
        }

        private Held held(String ws, Subject holder, Grant grant) {
            Set<LabelRef> labels = new HashSet<>();
            for (LabelRef label : grant.labels()) {
                LabelRef now = label;
                for (Alias a : aliases) {
                    if (a.ws().equals(ws) && a.old().equals(label)) {
                        now = a.now();
                    }
                }
                labels.add(now);
            }
            return new Held(ws, holder, grant.roleId(), grant.resource(), labels);
        }

        private Resource resource(String ws, ResourceRef ref) {
            for (Resource r : resources) {
                if (r.ws().equals(ws) && r.ref().equals(ref)) {
                    return r;
                }
            }
            return null;
        }

        private Token token(String ws, String id) {
            for (Token t : tokens) {
                if (t.ws().equals(ws) && t.id().equals(id)) {
                    return t;
                }
            }
            return null;
        }

        private Set<LabelRef> labelsOf(String ws, ResourceRef ref) {
            Set<LabelRef> labels = new HashSet<>();
            for (Tag t : tags) {
                if (t.ws().equals(ws) && t.ref().equals(ref)) {
                    labels.add(t.label());
                }
            }
            return labels;
        }

        Verdict check(String ws, Subject subject, String actionName, ResourceRef resource) {
            if (!workspaces.contains(ws)) {
                return Verdict.UNKNOWN_WORKSPACE;
            }
            Action action = CATALOGUE.action(actionName).orElse(null);
            if (action == null) {
                return Verdict.DENIED;
            }
            ResourceType type = action.type();
            if (resource.type() == ResourceType.WORKSPACE && !resource.id().equals(ws)) {
                return Verdict.DENIED;
            }
            ResourceType parentType = null;
            for (Relation relation : CATALOGUE.relations()) {
                if (relation.from() == type) {
                    parentType = relation.to();
                }
            }
            boolean wholeType = false;
            ResourceRef parent = null;
            if (resource.type() == type) {
                Resource known = resource(ws, resource);
                if (known != null && known.parent() != null && parentType != null) {
                    parent = new ResourceRef(parentType, known.parent());
                }
            } else if (action.creates() && resource.type() == ResourceType.WORKSPACE) {
                wholeType = true;
            } else if (action.creates() && resource.type() == parentType) {
                parent = resource;
            } else {
                return Verdict.DENIED;
            }
            Resource known = resource(ws, resource);
            if (known != null && known.deleted()) {
                return Verdict.DENIED;
            }
            List<Subject> holders = new ArrayList<>();
            if (subject.type() == Subject.Type.USER) {
                Member member = null;
                for (Member m : members) {
                    if (m.ws().equals(ws) && m.user().equals(subject.id())) {
                        member = m;
                    }
                }
                if (member == null) {
                    return Verdict.DENIED;
                }
                if (member.role() == MemberRole.OWNER) {
                    return Verdict.ALLOWED;
                }
                holders.add(subject);
                for (Membership m : memberships) {
                    if (m.ws().equals(ws) && m.user().equals(subject.id())) {
                        holders.add(Subject.group(m.group()));
                    }
                }
            } else {
                Token token = token(ws, subject.id());
                if (token == null) {
                    return Verdict.DENIED;
                }
                if (token.access() == TokenEvent.Access.OWNER) {
                    return Verdict.ALLOWED;
                }
                holders.add(subject);
            }
            Set<LabelRef> labels = resource.type() == type ? labelsOf(ws, resource) : Set.of();
            for (Held h : held) {
                if (!h.ws().equals(ws) || !holders.contains(h.holder())) {
                    continue;
                }
                if (h.on().type() != ResourceType.WORKSPACE) {
                    Resource on = resource(ws, h.on());
                    if (on != null && on.deleted()) {
                        continue;   // a grant on a deleted resource reaches nothing
                    }
                }
                if (allows(ws, h, action, wholeType, resource, labels, parent)) {
                    return Verdict.ALLOWED;
                }
            }
            return Verdict.DENIED;
        }

        /** docs/roles.md, "How an evaluator must read the file", step 2. */
        private boolean allows(String ws, Held h, Action action, boolean wholeType, ResourceRef resource,
                               Set<LabelRef> labels, ResourceRef parent) {
            Role role = CATALOGUE.role(h.roleId()).orElse(null);
            if (role == null) {
                return false;
            }
            Scope scope;
            if (h.on().type() == ResourceType.WORKSPACE) {
                scope = h.labels().isEmpty() ? Scope.WORKSPACE : Scope.LABELS;
            } else if (h.labels().isEmpty()) {
                scope = Scope.RESOURCES;
            } else {
                return false;   // labels on a resource: no such grant
            }
            ResourceType type = action.type();
            boolean inherited = role.inherits().containsKey(type);
            if (!role.actionsOn(type).contains(action.name()) || !role.scopes().contains(scope)) {
                return false;
            }
            if (action.creates() && scope != Scope.WORKSPACE && !inherited) {
                return false;
            }
            if (wholeType || scope == Scope.WORKSPACE) {
                return true;
            }
            if (inherited) {
                if (parent == null) {
                    return false;
                }
                return scope == Scope.RESOURCES ? h.on().equals(parent) : labelsOf(ws, parent).containsAll(h.labels());
            }
            if (resource.type() != type) {
                return false;   // creating a child under a parent: only inherited roles reach it
            }
            return scope == Scope.RESOURCES ? h.on().equals(resource) : labels.containsAll(h.labels());
        }

        List<String> lookupResources(String ws, Subject subject, String action, ResourceType type) {
            List<String> ids = new ArrayList<>();
            if (type == ResourceType.WORKSPACE) {
                if (check(ws, subject, action, ResourceRef.workspace(ws)) == Verdict.ALLOWED) {
                    ids.add(ws);
                }
                return ids;
            }
            for (Resource r : resources) {
                if (r.ws().equals(ws) && !r.deleted() && r.ref().type() == type
                        && check(ws, subject, action, r.ref()) == Verdict.ALLOWED) {
                    ids.add(r.ref().id());
                }
            }
            ids.sort(null);
            return ids;
        }

        List<Subject> lookupSubjects(String ws, String action, ResourceRef resource) {
            List<Subject> found = new ArrayList<>();
            for (Member m : members) {
                if (m.ws().equals(ws) && check(ws, Subject.user(m.user()), action, resource) == Verdict.ALLOWED) {
                    found.add(Subject.user(m.user()));
                }
            }
            for (Token t : tokens) {
                if (t.ws().equals(ws) && check(ws, Subject.token(t.id()), action, resource) == Verdict.ALLOWED) {
                    found.add(Subject.token(t.id()));
                }
            }
            return found;
        }
    }
}
