package io.iamsuite.bench.peers.casbin;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetGenerator;
import io.iamsuite.bench.dataset.DatasetSpec;
import io.iamsuite.bench.dataset.Questions;
import io.iamsuite.bench.peers.Conformance;
import io.iamsuite.bench.peers.Engine;
import io.iamsuite.bench.peers.Engines;
import io.iamsuite.bench.peers.OursEngine;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every jCasbin encoding answers like our evaluator: on a sample of the small dataset, after a user joins a group,
 * after a source gets a label (each change asked before and after, so the cached engine must forget), and for what a
 * subject can see.
 */
class CasbinEnginesTest {
    private static final String SOURCE_ADMIN = RoleCatalogue.load().roleByName("Source Admin").orElseThrow().id();
    private static Dataset dataset;

    @BeforeAll
    static void generate() {
        dataset = DatasetGenerator.generate(DatasetSpec.SMALL.withWorkspaces(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jcasbin-domain-rbac", "jcasbin-role-graph", "jcasbin-cached"})
    void agrees_with_ours_before_and_after_changes(String name) throws Exception {
        OursEngine ours = new OursEngine();
        ours.load(dataset);
        try (Engine engine = Engines.create(name)) {
            List<Questions.Answered> sample = Questions.answered(dataset, ours.evaluator(), 5_000, 3);
            Conformance.Result result = Conformance.run(engine, dataset, sample);
            assertThat(result.examples()).isEmpty();
            assertThat(result.disagreements()).isZero();

            joiningAGroupGrantsItsListedSource(ours, engine);
            aCompletedLabelSetGrantsTheSourceAndItsDestinations(ours, engine);
            seesWhatOursSees(ours, engine, "ws_1");
        }
    }

    /** A user outside a group is denied the group's listed source; once in the group, both engines allow it. */
    private static void joiningAGroupGrantsItsListedSource(OursEngine ours, Engine engine) {
        Dataset.Workspace ws = dataset.workspaces().get(0);
        for (Dataset.Held held : ws.grants()) {
            if (held.holder().type() != Subject.Type.GROUP || !held.grant().roleId().equals(SOURCE_ADMIN)
                    || held.grant().resource().type() != ResourceType.SOURCE) {
                continue;
            }
            String group = held.holder().id();
            for (Dataset.Member member : ws.members()) {
                Dataset.Question question = new Dataset.Question(ws.id(), Subject.user(member.userId()), "source.update",
                        held.grant().resource());
                if (ws.groups().get(group).contains(member.userId()) || ours.check(question)) {
                    continue;
                }
                assertThat(engine.check(question)).as("before joining %s: %s", group, question).isFalse();
                ours.addToGroup(ws.id(), member.userId(), group);
                engine.addToGroup(ws.id(), member.userId(), group);
                assertThat(ours.check(question)).isTrue();
                assertThat(engine.check(question)).as("after joining %s: %s", group, question).isTrue();
                return;
            }
        }
        throw new AssertionError("no user outside a group holding a listed Source Admin in " + ws.id());
    }

    /**
     * A user holding Source Admin on labels {env, team} is denied a source carrying the env but another team (and its
     * destination); assigning the team label to the source allows both.
     */
    private static void aCompletedLabelSetGrantsTheSourceAndItsDestinations(OursEngine ours, Engine engine) {
        Dataset.Workspace ws = dataset.workspaces().get(2);
        for (Dataset.Held held : ws.grants()) {
            List<LabelRef> required = held.grant().labels();
            if (held.holder().type() != Subject.Type.USER || required.size() != 2 || !held.grant().roleId().equals(SOURCE_ADMIN)) {
                continue;
            }
            for (Dataset.Resource destination : ws.resources()) {
                if (destination.parentSourceId() == null) {
                    continue;
                }
                ResourceRef source = new ResourceRef(ResourceType.SOURCE, destination.parentSourceId());
                Set<LabelRef> carried = new HashSet<>(labelsOf(ws, source));
                LabelRef missing = required.stream().filter(l -> !carried.contains(l)).findFirst().orElse(null);
                if (missing == null || !carried.containsAll(required.stream().filter(l -> !l.equals(missing)).toList())) {
                    continue;
                }
                Dataset.Question onSource = new Dataset.Question(ws.id(), held.holder(), "source.update", source);
                Dataset.Question onDestination = new Dataset.Question(ws.id(), held.holder(), "destination.update", destination.ref());
                if (ours.check(onSource) || ours.check(onDestination)) {
                    continue;
                }
                assertThat(engine.check(onSource)).as("before %s: %s", missing, onSource).isFalse();
                assertThat(engine.check(onDestination)).as("before %s: %s", missing, onDestination).isFalse();
                ours.assignLabel(ws.id(), source, missing);
                engine.assignLabel(ws.id(), source, missing);
                assertThat(ours.check(onSource)).isTrue();
                assertThat(ours.check(onDestination)).isTrue();
                assertThat(engine.check(onSource)).as("after %s: %s", missing, onSource).isTrue();
                assertThat(engine.check(onDestination)).as("after %s: %s", missing, onDestination).isTrue();
                return;
            }
        }
        throw new AssertionError("no label grant one label short of a source with a destination in " + ws.id());
    }

    private static void seesWhatOursSees(OursEngine ours, Engine engine, String workspaceId) {
        Dataset.Workspace ws = dataset.workspaces().stream().filter(w -> w.id().equals(workspaceId)).findFirst().orElseThrow();
        for (Dataset.Member member : ws.members().subList(0, 8)) {
            Subject user = Subject.user(member.userId());
            for (String action : List.of("source.read", "source.update")) {
                assertThat(engine.whatCanSee(ws.id(), user, action, ResourceType.SOURCE)).as("%s %s", user, action)
                        .containsExactlyInAnyOrderElementsOf(ours.whatCanSee(ws.id(), user, action, ResourceType.SOURCE));
            }
            assertThat(engine.whatCanSee(ws.id(), user, "destination.read", ResourceType.DESTINATION)).as("%s", user)
                    .containsExactlyInAnyOrderElementsOf(ours.whatCanSee(ws.id(), user, "destination.read", ResourceType.DESTINATION));
        }
    }

    private static List<LabelRef> labelsOf(Dataset.Workspace ws, ResourceRef ref) {
        return ws.resources().stream().filter(r -> r.ref().equals(ref)).findFirst().orElseThrow().labels();
    }
}
