package io.iamsuite.bench.peers.cerbos;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetGenerator;
import io.iamsuite.bench.dataset.DatasetSpec;
import io.iamsuite.bench.dataset.Questions;
import io.iamsuite.bench.peers.Engine;
import io.iamsuite.bench.peers.Engines;
import io.iamsuite.bench.peers.OursEngine;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both Cerbos engines against a Cerbos PDP of their own, on the small preset, compared with ours: single checks, a
 * batch, what a subject can see (the query plan), and changes the caller makes. Every comparison asks ours live, so
 * the changes (made to every engine alike) keep the engines comparable.
 *
 * <p>Needs the cerbos binary ({@code tools/bench/cerbos/install.sh}); skipped without it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CerbosEnginesTest {
    private static final String[] ACTIONS = {"source.read", "source.update", "destination.read", "destination.update"};

    private Dataset dataset;
    private OursEngine ours;
    private final Map<String, Engine> cerbos = new LinkedHashMap<>();

    @BeforeAll
    void load() throws Exception {
        Assumptions.assumeTrue(CerbosServer.binary().isPresent(),
                "the cerbos binary is not installed: run tools/bench/cerbos/install.sh (npm install of "
                        + "@cerbos/cerbos-linux-x64@" + CerbosServer.VERSION + "), or set CERBOS_BINARY");
        dataset = DatasetGenerator.generate(DatasetSpec.SMALL);
        ours = new OursEngine();
        ours.load(dataset);
        for (String name : List.of("cerbos-http", "cerbos-grpc")) {
            Engine engine = Engines.create(name);
            engine.load(dataset);
            cerbos.put(name, engine);
        }
    }

    @AfterAll
    void close() throws Exception {
        for (Engine engine : cerbos.values()) {
            engine.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cerbos-http", "cerbos-grpc"})
    void answers_the_sample_as_ours_does(String name) {
        Engine engine = cerbos.get(name);
        List<Dataset.Question> sample = Questions.sample(dataset, 400, 3);
        int allowed = 0;
        for (Dataset.Question q : sample) {
            boolean expected = ours.check(q);
            allowed += expected ? 1 : 0;
            assertThat(engine.check(q)).as("%s: %s", name, q).isEqualTo(expected);
        }
        assertThat(allowed).as("the sample mixes allowed and denied").isBetween(40, 360);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cerbos-http", "cerbos-grpc"})
    void a_batch_answers_as_single_checks_do(String name) {
        Engine engine = cerbos.get(name);
        Dataset.Workspace ws = dataset.workspaces().get(1);
        List<Dataset.Question> batch = new ArrayList<>();
        for (Subject subject : List.of(Subject.user("u_3"), Subject.user("u_3"), Subject.user("u_0"), Subject.token("tok_1"),
                Subject.user("u_17"))) {
            for (Dataset.Resource resource : ws.resources().subList(0, 30)) {   // a run of 30 per subject, then the next
                String action = resource.ref().type() == ResourceType.SOURCE ? "source.update" : "destination.read";
                batch.add(new Dataset.Question(ws.id(), subject, action, resource.ref()));
            }
        }
        boolean[] answers = engine.checkBatch(batch);
        for (int i = 0; i < answers.length; i++) {
            assertThat(answers[i]).as("%s: %s", name, batch.get(i)).isEqualTo(ours.check(batch.get(i)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cerbos-http", "cerbos-grpc"})
    void what_a_subject_can_see_is_what_ours_looks_up(String name) {
        Engine engine = cerbos.get(name);
        assertThat(engine.whatCanSeeMethod()).startsWith("PlanResources");
        List<Object[]> asked = new ArrayList<>();
        asked.add(new Object[]{DatasetGenerator.BIG, Subject.user(DatasetGenerator.BIG_USER), "source.read", ResourceType.SOURCE});
        for (Dataset.Workspace ws : dataset.workspaces().subList(0, 3)) {
            for (Subject subject : List.of(Subject.user("u_0"), Subject.user("u_5"), Subject.user("u_10"),
                    Subject.user("u_42"), Subject.token("tok_0"), Subject.token("tok_1"), Subject.user("nobody"))) {
                for (String action : ACTIONS) {
                    ResourceType type = action.startsWith("source") ? ResourceType.SOURCE : ResourceType.DESTINATION;
                    asked.add(new Object[]{ws.id(), subject, action, type});
                }
            }
        }
        int nonEmpty = 0;
        for (Object[] a : asked) {
            List<ResourceRef> expected = ours.whatCanSee((String) a[0], (Subject) a[1], (String) a[2], (ResourceType) a[3]);
            List<ResourceRef> theirs = engine.whatCanSee((String) a[0], (Subject) a[1], (String) a[2], (ResourceType) a[3]);
            assertThat(new HashSet<>(theirs)).as("%s: %s %s %s in %s", name, a[1], a[2], a[3], a[0])
                    .isEqualTo(new HashSet<>(expected));
            nonEmpty += expected.isEmpty() ? 0 : 1;
        }
        assertThat(nonEmpty).isGreaterThan(asked.size() / 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cerbos-http", "cerbos-grpc"})
    void a_change_the_caller_makes_is_in_the_next_check(String name) {
        Dataset.Workspace ws = dataset.workspaces().get(2 + (name.endsWith("grpc") ? 1 : 0));   // one per engine
        String user = ws.members().stream().filter(m -> m.role() == MemberRole.MEMBER).map(Dataset.Member::userId)
                .filter(u -> ws.groups().values().stream().noneMatch(users -> users.contains(u)))
                .findFirst().orElseThrow();
        String group = ws.groups().keySet().iterator().next();
        Dataset.Resource source = ws.resources().stream().filter(r -> r.ref().type() == ResourceType.SOURCE)
                .findFirst().orElseThrow();
        LabelRef label = new LabelRef("team", "t4");

        int before = allowedOf(ws, user);
        for (Engine engine : List.of(ours, cerbos.get("cerbos-http"), cerbos.get("cerbos-grpc"))) {
            engine.addToGroup(ws.id(), user, group);
            engine.assignLabel(ws.id(), source.ref(), label);
        }
        int after = allowedOf(ws, user);
        assertThat(after).as("joining %s widened what %s may do", group, user).isGreaterThan(before);
        List<String> users = new ArrayList<>(List.of(user));
        ws.members().subList(0, 5).forEach(m -> users.add(m.userId()));
        for (String asker : users) {
            for (Dataset.Resource resource : ws.resources()) {
                for (String action : ACTIONS) {
                    if (CerbosPolicies.kind(resource.ref().type()).equals(action.substring(0, action.indexOf('.')))) {
                        Dataset.Question q = new Dataset.Question(ws.id(), Subject.user(asker), action, resource.ref());
                        assertThat(cerbos.get(name).check(q)).as("%s after the changes: %s", name, q).isEqualTo(ours.check(q));
                    }
                }
            }
        }
    }

    /** How many (resource, action) pairs of the workspace ours allows the user. */
    private int allowedOf(Dataset.Workspace ws, String user) {
        int allowed = 0;
        for (Dataset.Resource resource : ws.resources()) {
            for (String action : ACTIONS) {
                if (CerbosPolicies.kind(resource.ref().type()).equals(action.substring(0, action.indexOf('.')))
                        && ours.check(new Dataset.Question(ws.id(), Subject.user(user), action, resource.ref()))) {
                    allowed++;
                }
            }
        }
        return allowed;
    }
}
