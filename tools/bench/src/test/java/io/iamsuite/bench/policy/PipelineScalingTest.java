package io.iamsuite.bench.policy;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetEvents;
import io.iamsuite.bench.dataset.DatasetGenerator;
import io.iamsuite.bench.dataset.DatasetSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineScalingTest {
    @Test
    void records_are_the_bytes_the_relay_publishes_for_every_event_of_the_small_dataset() {
        Dataset dataset = DatasetGenerator.generate(DatasetSpec.SMALL);
        long[] events = {0};
        List<String> different = new ArrayList<>();
        DatasetEvents.generate(dataset, envelope -> {
            events[0]++;
            if (!Arrays.equals(PipelineScaling.encode(envelope), PipelineScaling.encodeAsRelay(envelope))
                    && different.size() < 5) {
                different.add(envelope.eventType() + " " + envelope.eventId());
            }
        });

        assertThat(events[0]).isGreaterThan(100_000);
        assertThat(different).isEmpty();
    }
}
