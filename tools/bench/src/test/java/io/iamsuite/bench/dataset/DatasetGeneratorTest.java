package io.iamsuite.bench.dataset;

import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetGeneratorTest {
    private static final DatasetSpec TINY = DatasetSpec.SMALL.withWorkspaces(5);

    @Test
    void the_same_spec_gives_the_same_dataset_and_another_seed_another() {
        assertThat(DatasetGenerator.generate(TINY)).isEqualTo(DatasetGenerator.generate(TINY));
        assertThat(DatasetGenerator.generate(TINY.withSeed(7))).isNotEqualTo(DatasetGenerator.generate(TINY));
    }

    @Test
    void the_medium_preset_has_the_policy_issue_size() {
        Dataset medium = DatasetGenerator.generate(DatasetSpec.MEDIUM);
        assertThat(medium.workspaces()).hasSize(1_001);
        assertThat(medium.users()).isGreaterThanOrEqualTo(100_000);
        assertThat(medium.groups()).isGreaterThanOrEqualTo(20_000);
        assertThat(medium.resources()).isGreaterThanOrEqualTo(100_000);
        assertThat(medium.grants()).isGreaterThanOrEqualTo(500_000);
    }

    @Test
    void every_event_folds_and_the_sample_mixes_allowed_and_denied() {
        Dataset dataset = DatasetGenerator.generate(TINY);
        Projection projection = DatasetEvents.fold(dataset);
        Evaluator evaluator = new Evaluator(projection);
        List<Questions.Answered> answered = Questions.answered(dataset, evaluator, 2_000, 1);
        long allowed = answered.stream().filter(Questions.Answered::allowed).count();
        assertThat(allowed).isBetween(200L, 1_800L);
        // u_big reaches its sources through the label grant
        assertThat(evaluator.check(new io.iamsuite.policy.domain.CheckRequest(DatasetGenerator.BIG,
                io.iamsuite.events.Subject.user(DatasetGenerator.BIG_USER), "source.read",
                new io.iamsuite.events.ResourceRef(io.iamsuite.events.ResourceType.SOURCE, "src_0000001"))))
                .isEqualTo(Verdict.ALLOWED);
    }
}
