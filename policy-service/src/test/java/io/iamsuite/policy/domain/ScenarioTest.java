package io.iamsuite.policy.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
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
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every {@code scenarios/*.yaml}: each is a list of steps; a step adds facts (compiled to the events the
 * services emit, in the order written, each source with its own positions) and then asks checks, explanations
 * and lookups. After the last step the log is replayed into a fresh projection, which must dump the same.
 *
 * <p>Fact syntax (one per line; {@code S} a subject: {@code bob}, {@code group:g1}, {@code token:t1}; {@code R} a
 * resource: {@code workspace}, {@code source:A}, {@code destination:D}, ...; {@code T} a grant target:
 * {@code workspace}, {@code labels k:v k:v}, or {@code R}):
 * <pre>
 * owner U | member U | promote U | demote U | remove U
 * group G | join G U... | leave G U | delete group:G
 * label k:v | delete label:k:v | rename k:v k:v | assign R k:v | unassign R k:v
 * source A [k:v...] | space S [k:v...] | function F | warehouse W | tracking-plan P | destination D of A | delete R
 * grant S "Role" on T | revoke S "Role" on T          (a token's grants become token-permissions-replaced)
 * token T owner|member | revoke-token T | expire-token T | rotate-token T
 * invite E "Role" on T                                 (an invite, never accepted)
 * </pre>
 * Checks: {@code S can|cannot ACTION on R [in WORKSPACE]}, or {@code S unknown ACTION on R in WORKSPACE} for a
 * workspace the projection never saw.
 */
class ScenarioTest {
    static final String WS = "ws_scenario";
    private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|(\\S+)");
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();

    @TestFactory
    Stream<DynamicNode> every_scenario_holds() throws IOException, URISyntaxException {
        Path dir = Path.of(ScenarioTest.class.getResource("/scenarios").toURI());
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("scenario files").isNotEmpty();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            JsonNode scenario = yaml.readTree(file.toFile());
            nodes.add(DynamicTest.dynamicTest(file.getFileName() + ": " + scenario.path("description").asText(),
                    () -> new Run().scenario(scenario)));
        }
        return nodes.stream();
    }

    /** One scenario's world: the projection, the log so far, and what the facts need to remember. */
    static final class Run {
        final Projection projection = new Projection();
        final Evaluator evaluator = new Evaluator(projection, CATALOGUE);
        final Lookups lookups = new Lookups(projection, evaluator);
        final List<EventEnvelope> log = new ArrayList<>();
        final Map<EventSource, Long> positions = new EnumMap<>(EventSource.class);
        final Map<String, List<Grant>> tokenGrants = new HashMap<>();
        final Map<String, TokenEvent.Access> tokenAccess = new HashMap<>();
        final Set<LabelRef> labels = new HashSet<>();

        void scenario(JsonNode scenario) {
            emit(new ResourceEvent.WorkspaceCreated(WS, "Scenario", "scenario"));
            int stepNumber = 0;
            for (JsonNode step : scenario.path("steps")) {
                stepNumber++;
                String where = "step " + stepNumber;
                step.path("given").forEach(fact -> fact(fact.asText()));
                step.path("expect").forEach(check -> check(where, check.asText()));
                step.path("explain").forEach(explain -> explain(where, explain));
                step.path("resources").forEach(lookup -> resources(where, lookup));
                step.path("subjects").forEach(lookup -> subjects(where, lookup));
            }
            Projection replayed = new Projection();
            log.forEach(replayed::apply);
            assertThat(replayed.dump()).as("the log replayed into a fresh projection").isEqualTo(projection.dump());
        }

        // ---- facts ----

        void fact(String line) {
            List<String> w = words(line);
            String verb = w.get(0);
            switch (verb) {
                case "owner", "member" -> emit(new IdentityEvent.MemberAdded(w.get(1), w.get(1) + "@x.io", w.get(1),
                        verb.equals("owner") ? MemberRole.OWNER : MemberRole.MEMBER));
                case "promote" -> emit(new IdentityEvent.MemberRoleChanged(w.get(1), MemberRole.OWNER));
                case "demote" -> emit(new IdentityEvent.MemberRoleChanged(w.get(1), MemberRole.MEMBER));
                case "remove" -> emit(new IdentityEvent.MemberRemoved(w.get(1), w.get(1) + "@x.io"));
                case "group" -> emit(new IdentityEvent.GroupCreated(w.get(1), w.get(1)));
                case "join" -> w.subList(2, w.size()).forEach(u -> emit(new IdentityEvent.GroupMemberAdded(w.get(1), u)));
                case "leave" -> w.subList(2, w.size()).forEach(u -> emit(new IdentityEvent.GroupMemberRemoved(w.get(1), u)));
                case "label" -> {
                    labels.add(label(w.get(1)));
                    emit(new ResourceEvent.LabelCreated(label(w.get(1)), null));
                }
                case "rename" -> {
                    labels.remove(label(w.get(1)));
                    labels.add(label(w.get(2)));
                    emit(new ResourceEvent.LabelRenamed(label(w.get(1)), label(w.get(2))));
                }
                case "assign" -> emit(new ResourceEvent.LabelAssigned(resource(w.get(1)), label(w.get(2))));
                case "unassign" -> emit(new ResourceEvent.LabelUnassigned(resource(w.get(1)), label(w.get(2))));
                case "destination" -> emit(new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.DESTINATION, w.get(1)),
                        w.get(1), w.get(1), w.get(3), List.of()));
                case "delete" -> delete(w.get(1));
                case "grant", "revoke" -> grantOrRevoke(verb.equals("grant"), subject(w.get(1)), role(w.get(2)), target(w, 4));
                case "token" -> {
                    tokenAccess.put(w.get(1), TokenEvent.Access.valueOf(w.get(2).toUpperCase()));
                    tokenGrants.put(w.get(1), new ArrayList<>());
                    emit(new TokenEvent.TokenIssued(w.get(1), w.get(1), tokenAccess.get(w.get(1)), List.of(), "hash-" + w.get(1),
                            "ada", null));
                }
                case "revoke-token" -> emit(new TokenEvent.TokenRevoked(w.get(1)));
                case "expire-token" -> emit(new TokenEvent.TokenExpired(w.get(1)));
                case "rotate-token" -> emit(new TokenEvent.TokenRotated(w.get(1), "rotated-" + w.get(1), Instant.EPOCH));
                case "invite" -> emit(new IdentityEvent.InviteSent("inv_" + w.get(1), w.get(1), List.of(
                        new Grant(role(w.get(2)), target(w, 4).resource(), target(w, 4).labels())), List.of(), Instant.EPOCH));
                default -> {
                    ResourceType type = Action.typeOfPrefix(verb).orElseThrow(() -> new IllegalArgumentException("unknown fact: " + line));
                    ResourceRef ref = new ResourceRef(type, w.get(1));
                    emit(new ResourceEvent.ResourceCreated(ref, w.get(1), w.get(1), null, List.of()));
                    for (String l : w.subList(2, w.size())) {
                        createLabel(label(l));
                        emit(new ResourceEvent.LabelAssigned(ref, label(l)));
                    }
                }
            }
        }

        private void createLabel(LabelRef label) {
            if (labels.add(label)) {
                emit(new ResourceEvent.LabelCreated(label, null));
            }
        }

        private void delete(String what) {
            if (what.startsWith("group:")) {
                emit(new IdentityEvent.GroupDeleted(what.substring("group:".length())));
            } else if (what.startsWith("label:")) {
                LabelRef label = label(what.substring("label:".length()));
                labels.remove(label);
                emit(new ResourceEvent.LabelDeleted(label));
            } else {
                emit(new ResourceEvent.ResourceDeleted(resource(what)));
            }
        }

        private void grantOrRevoke(boolean grant, Subject subject, String roleId, Grant target) {
            Grant g = new Grant(roleId, target.resource(), target.labels());
            if (subject.type() == Subject.Type.TOKEN) {
                List<Grant> current = tokenGrants.computeIfAbsent(subject.id(), t -> new ArrayList<>());
                if (grant) {
                    current.add(g);
                } else {
                    current.remove(g);
                }
                emit(new TokenEvent.TokenPermissionsReplaced(subject.id(),
                        tokenAccess.getOrDefault(subject.id(), TokenEvent.Access.MEMBER), List.copyOf(current)));
            } else {
                emit(grant ? new IdentityEvent.RoleGranted(subject, g) : new IdentityEvent.RoleRevoked(subject, g));
            }
        }

        void emit(DomainEvent event) {
            long position = positions.merge(event.source(), 1L, Long::sum);
            EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(), 1, WS, "scenario", position,
                    position, Instant.EPOCH, Actor.system(), null, event);
            log.add(envelope);
            assertThat(projection.apply(envelope)).isTrue();
            assertThat(projection.apply(envelope)).as("a redelivery is skipped").isFalse();
        }

        // ---- questions ----

        void check(String where, String line) {
            List<String> w = words(line);
            Subject subject = subject(w.get(0));
            String answer = w.get(1);
            CheckRequest request = new CheckRequest(w.size() > 6 ? w.get(6) : WS, subject, w.get(2), resource(w.get(4)));
            Verdict expected = switch (answer) {
                case "can" -> Verdict.ALLOWED;
                case "cannot" -> Verdict.DENIED;
                case "unknown" -> Verdict.UNKNOWN_WORKSPACE;
                default -> throw new IllegalArgumentException("expected can, cannot or unknown: " + line);
            };
            assertThat(evaluator.check(request)).as(where + ": " + line).isEqualTo(expected);
            assertThat(evaluator.explain(request).verdict()).as(where + ": explain agrees: " + line).isEqualTo(expected);
        }

        void explain(String where, JsonNode spec) {
            List<String> w = words(spec.path("ask").asText());
            CheckRequest request = new CheckRequest(WS, subject(w.get(0)), w.get(1), resource(w.get(3)));
            Explanation explanation = evaluator.explain(request);
            String as = where + ": explain " + spec.path("ask").asText();
            if (spec.has("reason")) {
                assertThat(explanation.reason()).as(as + " reason").isEqualTo(spec.get("reason").asText());
            }
            if (spec.has("paths")) {
                assertThat(explanation.paths().stream().map(Explanation.Path::text).toList()).as(as + " paths")
                        .containsExactlyElementsOf(texts(spec.get("paths")));
            }
            if (spec.has("misses")) {
                assertThat(explanation.misses().stream().map(Explanation.Miss::text).toList()).as(as + " misses")
                        .containsExactlyElementsOf(texts(spec.get("misses")));
            }
            assertThat(explanation.verdict()).as(as + " agrees with check").isEqualTo(evaluator.check(request));
        }

        void resources(String where, JsonNode spec) {
            List<String> w = words(spec.path("ask").asText());
            Subject subject = subject(w.get(0));
            String action = w.get(1);
            ResourceType type = CATALOGUE.action(action).orElseThrow().type();
            List<String> expected = texts(spec.get("expect"));
            // Every page size must give the same complete list.
            for (int limit : new int[]{1, 2, 1000}) {
                List<String> all = new ArrayList<>();
                String after = null;
                do {
                    ResourcePage page = lookups.lookupResources(WS, subject, action, type, after, limit).orElseThrow();
                    assertThat(page.ids().size()).isLessThanOrEqualTo(limit);
                    all.addAll(page.ids());
                    after = page.next();
                } while (after != null);
                assertThat(all).as(where + ": lookup " + spec.path("ask").asText() + " (pages of " + limit + ")")
                        .containsExactlyElementsOf(expected);
            }
        }

        void subjects(String where, JsonNode spec) {
            List<String> w = words(spec.path("ask").asText());
            List<Subject> found = lookups.lookupSubjects(WS, w.get(0), resource(w.get(2))).orElseThrow();
            assertThat(found.stream().map(s -> s.type() == Subject.Type.USER ? s.id() : s.type().name().toLowerCase() + ":" + s.id())
                    .toList()).as(where + ": who " + spec.path("ask").asText())
                    .containsExactlyInAnyOrderElementsOf(texts(spec.get("expect")));
        }

        // ---- syntax ----

        static List<String> words(String line) {
            List<String> words = new ArrayList<>();
            Matcher m = WORD.matcher(line);
            while (m.find()) {
                words.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            return words;
        }

        static List<String> texts(JsonNode array) {
            List<String> texts = new ArrayList<>();
            if (array != null) {
                array.forEach(n -> texts.add(n.asText()));
            }
            return texts;
        }

        static Subject subject(String text) {
            if (text.startsWith("token:")) {
                return Subject.token(text.substring(6));
            }
            if (text.startsWith("group:")) {
                return Subject.group(text.substring(6));
            }
            return Subject.user(text);
        }

        static ResourceRef resource(String text) {
            if (text.equals("workspace")) {
                return ResourceRef.workspace(WS);
            }
            int colon = text.indexOf(':');
            ResourceType type = Action.typeOfPrefix(text.substring(0, colon))
                    .orElseThrow(() -> new IllegalArgumentException("unknown resource type in " + text));
            return new ResourceRef(type, text.substring(colon + 1));
        }

        static LabelRef label(String text) {
            int colon = text.indexOf(':');
            return new LabelRef(text.substring(0, colon), text.substring(colon + 1));
        }

        static String role(String name) {
            return CATALOGUE.roleByName(name).map(Role::id).orElseThrow(() -> new IllegalArgumentException("unknown role " + name));
        }

        /** The grant target starting at word {@code from}: {@code workspace}, {@code labels k:v...} or a resource. */
        static Grant target(List<String> w, int from) {
            if (w.get(from).equals("labels")) {
                List<LabelRef> labels = w.subList(from + 1, w.size()).stream().map(Run::label).collect(Collectors.toList());
                return new Grant("-", ResourceRef.workspace(WS), labels);
            }
            return new Grant("-", resource(w.get(from)), List.of());
        }
    }
}
