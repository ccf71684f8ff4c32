package io.iamsuite.catalogue;

import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The grant rules of segment-model.md, including Segment's label example (sources A, B, C). */
class GrantEvaluatorTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final GrantEvaluator EVALUATOR = new GrantEvaluator(CATALOGUE);
    private static final String WS = "ws_1";
    private static final String SOURCE_ADMIN = CATALOGUE.roleByName("Source Admin").orElseThrow().id();
    private static final String SOURCE_READ = CATALOGUE.roleByName("Source Read-only").orElseThrow().id();
    private static final LabelRef PROD = new LabelRef("env", "prod");
    private static final LabelRef DEV = new LabelRef("env", "dev");
    private static final LabelRef CAR = new LabelRef("product", "car");
    private static final LabelRef TRUCK = new LabelRef("product", "truck");
    private static final ResourceRef A = new ResourceRef(ResourceType.SOURCE, "a");
    private static final ResourceRef B = new ResourceRef(ResourceType.SOURCE, "b");
    private static final ResourceRef C = new ResourceRef(ResourceType.SOURCE, "c");
    private static final GrantEvaluator.Target TA = new GrantEvaluator.Target(A, Set.of(PROD, CAR), null, null);
    private static final GrantEvaluator.Target TB = new GrantEvaluator.Target(B, Set.of(PROD, TRUCK), null, null);
    private static final GrantEvaluator.Target TC = new GrantEvaluator.Target(C, Set.of(DEV, CAR), null, null);

    private static Grant labels(String role, LabelRef... labels) {
        return new Grant(role, ResourceRef.workspace(WS), List.of(labels));
    }

    private static List<Boolean> reads(Grant... grants) {
        return List.of(TA, TB, TC).stream().map(t -> EVALUATOR.allows(List.of(grants), "source.read", t)).toList();
    }

    @Test
    void segments_label_example() {
        assertThat(reads(labels(SOURCE_READ, PROD))).containsExactly(true, true, false);
        assertThat(reads(labels(SOURCE_READ, PROD, TRUCK))).containsExactly(false, true, false);
        assertThat(reads(labels(SOURCE_READ, CAR))).containsExactly(true, false, true);
        assertThat(reads(labels(SOURCE_READ, TRUCK), labels(SOURCE_READ, DEV))).containsExactly(false, true, true);
    }

    @Test
    void a_listed_grant_reaches_its_source_and_the_sources_destinations() {
        var grants = List.of(Grant.on(SOURCE_ADMIN, A));
        assertThat(EVALUATOR.allows(grants, "source.update", TA)).isTrue();
        assertThat(EVALUATOR.allows(grants, "source.update", TB)).isFalse();
        var destinationOfA = new GrantEvaluator.Target(new ResourceRef(ResourceType.DESTINATION, "d"), Set.of(), A, Set.of(PROD));
        var destinationOfB = new GrantEvaluator.Target(new ResourceRef(ResourceType.DESTINATION, "e"), Set.of(), B, Set.of());
        assertThat(EVALUATOR.allows(grants, "destination.update", destinationOfA)).isTrue();
        assertThat(EVALUATOR.allows(grants, "destination.update", destinationOfB)).isFalse();
        assertThat(EVALUATOR.allows(List.of(labels(SOURCE_ADMIN, PROD)), "destination.update", destinationOfA)).isTrue();
    }

    @Test
    void read_only_roles_do_not_write_and_create_needs_the_whole_workspace() {
        assertThat(EVALUATOR.allows(List.of(labels(SOURCE_READ, PROD)), "source.update", TA)).isFalse();
        assertThat(EVALUATOR.allows(List.of(Grant.on(SOURCE_ADMIN, A)), "source.create", null)).isFalse();
        assertThat(EVALUATOR.allows(List.of(Grant.on(SOURCE_ADMIN, ResourceRef.workspace(WS))), "source.create", null)).isTrue();
        assertThat(EVALUATOR.allows(List.of(Grant.on(SOURCE_ADMIN, A)), "source.read", null)).isTrue();
    }

    @Test
    void workspace_actions_need_a_role_that_confers_them_and_nothing_confers_them_by_accident() {
        assertThat(EVALUATOR.allows(List.of(Grant.on(SOURCE_ADMIN, ResourceRef.workspace(WS))), "workspace.access.update",
                GrantEvaluator.Target.of(ResourceRef.workspace(WS)))).isFalse();
        assertThat(EVALUATOR.allows(List.of(), "source.read", TA)).isFalse();
        assertThatThrownBy(() -> EVALUATOR.allows(List.of(), "source.fly", TA)).isInstanceOf(IllegalArgumentException.class);
    }
}
