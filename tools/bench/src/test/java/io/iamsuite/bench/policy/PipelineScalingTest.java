package io.iamsuite.bench.policy;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetEvents;
import io.iamsuite.bench.dataset.DatasetGenerator;
import io.iamsuite.bench.dataset.DatasetSpec;
import io.iamsuite.events.EventEnvelope;
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

    @Test
    void encoding_a_batch_on_all_cores_keeps_the_events_in_order() {
        Dataset dataset = DatasetGenerator.generate(DatasetSpec.SMALL);
        List<EventEnvelope> envelopes = new ArrayList<>();
        DatasetEvents.generate(dataset, envelope -> {
            if (envelopes.size() < 20_000) {
                envelopes.add(envelope);
            }
        });

        List<byte[]> encoded = PipelineScaling.encodeAll(envelopes);

        assertThat(encoded).hasSize(envelopes.size());
        for (int i = 0; i < envelopes.size(); i++) {
            assertThat(encoded.get(i)).as("record %d", i).isEqualTo(PipelineScaling.encode(envelopes.get(i)));
        }
    }
}
