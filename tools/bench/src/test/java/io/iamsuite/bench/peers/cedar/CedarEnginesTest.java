package io.iamsuite.bench.peers.cedar;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetGenerator;
import io.iamsuite.bench.dataset.DatasetSpec;
import io.iamsuite.bench.dataset.Questions;
import io.iamsuite.bench.peers.Conformance;
import io.iamsuite.bench.peers.Engine;
import io.iamsuite.bench.peers.Engines;
import io.iamsuite.bench.peers.OursEngine;
import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both Cedar encodings against our evaluator on the small dataset (10 workspaces plus ws_big): the conformance
 * sample, every action of the catalogue (creation included) on every kind of target, and changes (a user joining a
 * group, a source getting a label) visible to the next check as they are to ours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CedarEnginesTest {
    private Dataset dataset;
    private List<Questions.Answered> sample;

    @BeforeAll
    void generate() {
        dataset = DatasetGenerator.generate(DatasetSpec.SMALL.withWorkspaces(10));
        OursEngine ours = loaded(new OursEngine());
        sample = Questions.answered(dataset, ours.evaluator(), 5_000, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cedar-templates", "cedar-role-entities"})
    void agrees_with_ours_on_the_conformance_sample(String name) throws Exception {
        try (Engine engine = Engines.create(name)) {
            Conformance.Result result = Conformance.run(engine, dataset, sample);

            assertThat(result.examples()).isEmpty();
            assertThat(result.disagreements()).isZero();
            assertThat(((CedarEngine) engine).evaluationErrors()).as(((CedarEngine) engine).firstEvaluationError()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cedar-templates", "cedar-role-entities"})
    void agrees_on_every_action_of_the_catalogue_on_any_target(String name) throws Exception {
        OursEngine ours = loaded(new OursEngine());
        try (Engine engine = loaded(Engines.create(name))) {
            List<String> wrong = new ArrayList<>();
            for (Dataset.Question q : catalogueWide(1_000, 3)) {
                boolean expected = ours.check(q);
                if (engine.check(q) != expected) {
                    wrong.add(q + ": ours " + expected);
                }
            }
            assertThat(wrong).isEmpty();
            assertThat(((CedarEngine) engine).evaluationErrors()).as(((CedarEngine) engine).firstEvaluationError()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cedar-templates", "cedar-role-entities"})
    void a_user_added_to_a_group_gets_the_group_grants_at_once(String name) throws Exception {
        OursEngine ours = loaded(new OursEngine());
        try (Engine engine = loaded(Engines.create(name))) {
            Dataset.Workspace ws = dataset.workspaces().get(0);
            // a group with a listed Source Admin grant, and a member outside it who cannot update that source
            Dataset.Held held = ws.grants().stream()
                    .filter(h -> h.holder().type() == Subject.Type.GROUP && h.grant().resource().type() == ResourceType.SOURCE
                            && h.grant().roleId().equals(role("Source Admin")))
                    .findFirst().orElseThrow();
            String group = held.holder().id();
            Dataset.Question question = ws.members().stream()
                    .filter(m -> m.role() == MemberRole.MEMBER && !ws.groups().get(group).contains(m.userId()))
                    .map(m -> new Dataset.Question(ws.id(), Subject.user(m.userId()), "source.update", held.grant().resource()))
                    .filter(q -> !ours.check(q))
                    .findFirst().orElseThrow();
            assertThat(engine.check(question)).isFalse();

            ours.addToGroup(ws.id(), question.subject().id(), group);
            engine.addToGroup(ws.id(), question.subject().id(), group);

            assertThat(ours.check(question)).isTrue();
            assertThat(engine.check(question)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cedar-templates", "cedar-role-entities"})
    void a_source_given_a_label_is_reached_by_the_label_grants_with_its_destinations(String name) throws Exception {
        OursEngine ours = loaded(new OursEngine());
        try (Engine engine = loaded(Engines.create(name))) {
            Dataset.Workspace ws = dataset.workspaces().get(1);
            // a member's label grant (env AND team) and a source with the team but another env, with a destination
            Dataset.Held held = ws.grants().stream()
                    .filter(h -> h.holder().type() == Subject.Type.USER && h.grant().labels().size() == 2)
                    .findFirst().orElseThrow();
            LabelRef env = held.grant().labels().stream().filter(l -> l.key().equals("env")).findFirst().orElseThrow();
            LabelRef team = held.grant().labels().stream().filter(l -> l.key().equals("team")).findFirst().orElseThrow();
            Subject user = held.holder();
            Dataset.Resource source = ws.resources().stream()
                    .filter(r -> r.labels().contains(team) && !r.labels().contains(env))
                    .filter(r -> ws.resources().stream().anyMatch(d -> r.ref().id().equals(d.parentSourceId())))
                    .filter(r -> !ours.check(new Dataset.Question(ws.id(), user, "source.update", r.ref())))
                    .findFirst().orElseThrow();
            Dataset.Resource destination = ws.resources().stream()
                    .filter(d -> source.ref().id().equals(d.parentSourceId())).findFirst().orElseThrow();
            Dataset.Question onSource = new Dataset.Question(ws.id(), user, "source.update", source.ref());
            Dataset.Question onDestination = new Dataset.Question(ws.id(), user, "destination.update", destination.ref());
            assertThat(engine.check(onSource)).isFalse();
            assertThat(engine.check(onDestination)).isEqualTo(ours.check(onDestination));

            ours.assignLabel(ws.id(), source.ref(), env);
            engine.assignLabel(ws.id(), source.ref(), env);

            assertThat(ours.check(onSource)).isTrue();
            assertThat(engine.check(onSource)).isTrue();
            assertThat(ours.check(onDestination)).isTrue();
            assertThat(engine.check(onDestination)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cedar-templates", "cedar-role-entities"})
    void what_a_subject_can_see_is_what_ours_looks_up(String name) throws Exception {
        OursEngine ours = loaded(new OursEngine());
        try (Engine engine = loaded(Engines.create(name))) {
            Dataset.Workspace ws = dataset.workspaces().get(2);
            for (Dataset.Member member : ws.members().subList(0, 5)) {
                for (String action : List.of("source.update", "destination.read")) {
                    ResourceType type = Action.typeOfPrefix(action.substring(0, action.indexOf('.'))).orElseThrow();
                    Subject subject = Subject.user(member.userId());
                    assertThat(new HashSet<>(engine.whatCanSee(ws.id(), subject, action, type)))
                            .as(member + " " + action)
                            .isEqualTo(new HashSet<>(ours.whatCanSee(ws.id(), subject, action, type)));
                }
            }
        }
    }

    private <E extends Engine> E loaded(E engine) {
        try {
            engine.load(dataset);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return engine;
    }

    private static String role(String name) {
        return RoleCatalogue.load().roleByName(name).orElseThrow().id();
    }

    /**
     * Random questions over every action of the catalogue, on the workspace itself, another workspace, existing
     * sources and destinations, and resources the workspace does not know, asked by members, owners, tokens,
     * groups, a stranger and an unknown token.
     */
    private List<Dataset.Question> catalogueWide(int count, long seed) {
        List<Action> actions = RoleCatalogue.load().actions();
        List<Dataset.Workspace> ordinary = dataset.workspaces().stream()
                .filter(w -> !w.id().equals(DatasetGenerator.BIG)).toList();
        SplittableRandom random = new SplittableRandom(seed);
        List<Dataset.Question> out = new ArrayList<>(count);
        while (out.size() < count) {
            Dataset.Workspace ws = ordinary.get(random.nextInt(ordinary.size()));
            Subject subject;
            int who = random.nextInt(20);
            if (who < 12) {
                subject = Subject.user(ws.members().get(random.nextInt(ws.members().size())).userId());
            } else if (who < 16) {
                subject = Subject.token(ws.tokens().get(random.nextInt(ws.tokens().size())).tokenId());
            } else if (who < 18) {
                subject = Subject.group(new ArrayList<>(ws.groups().keySet()).get(random.nextInt(ws.groups().size())));
            } else {
                subject = who == 18 ? Subject.user("stranger") : Subject.token("tok_unknown");
            }
            ResourceRef resource;
            int what = random.nextInt(10);
            if (what < 2) {
                resource = ResourceRef.workspace(ws.id());
            } else if (what < 3) {
                resource = ResourceRef.workspace(ordinary.get(random.nextInt(ordinary.size())).id());
            } else if (what < 9) {
                resource = ws.resources().get(random.nextInt(ws.resources().size())).ref();
            } else {
                ResourceType type = ResourceType.values()[1 + random.nextInt(ResourceType.values().length - 1)];
                resource = new ResourceRef(type, "unknown_" + random.nextInt(3));
            }
            Action action = actions.get(random.nextInt(actions.size()));
            // mostly actions that can apply to the target, so that allowed answers are common
            if (random.nextInt(4) != 0 && action.type() != resource.type() && !action.creates()) {
                List<Action> fitting = actions.stream().filter(a -> a.type() == resource.type()).toList();
                if (!fitting.isEmpty()) {
                    action = fitting.get(random.nextInt(fitting.size()));
                }
            }
            out.add(new Dataset.Question(ws.id(), subject, action.name(), resource));
        }
        return out;
    }
}
