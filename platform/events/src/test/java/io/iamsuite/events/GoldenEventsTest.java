package io.iamsuite.events;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files pin the wire form of every event type: a change that alters one fails here and must be
 * additive or come with a new schema version and an upcaster. Run with {@code -Dgolden.update=true} to
 * write missing files (never to overwrite existing ones).
 */
class GoldenEventsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private final EventCodec codec = EventCodec.standard();

    @Test
    void every_event_type_has_a_sample_and_a_golden_file() {
        var sampled = EventSamples.all().stream().map(DomainEvent::eventType).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(EventTypes.all().keySet());
        for (String type : EventTypes.all().keySet()) {
            assertThat(GOLDEN.resolve(type + ".json")).as("golden file of " + type).exists();
        }
    }

    @TestFactory
    Stream<DynamicTest> encoding_matches_the_golden_file_and_decodes_back() {
        return EventSamples.all().stream().map(event -> DynamicTest.dynamicTest(event.eventType(), () -> {
            EventEnvelope envelope = EventSamples.envelope(event);
            String json = pretty(codec.encodeToString(envelope));
            Path file = GOLDEN.resolve(event.eventType() + ".json");
            if (!Files.exists(file) && Boolean.getBoolean("golden.update")) {
                Files.writeString(file, json, StandardCharsets.UTF_8);
            }
            assertThat(json).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
            assertThat(codec.decode(Files.readString(file, StandardCharsets.UTF_8))).isEqualTo(envelope);
        }));
    }

    private static String pretty(String json) throws IOException {
        var mapper = IamJson.mapper();
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json)) + "\n";
    }
}
