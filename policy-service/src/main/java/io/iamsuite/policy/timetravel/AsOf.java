package io.iamsuite.policy.timetravel;

import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A past point of one workspace's log: either a time (every event whose {@code occurredAt} is at or before it) or
 * positions per source (every event at or below its source's position; a source left out contributes nothing).
 * Exactly one of the two is set.
 */
public final class AsOf {
    private final Instant time;
    private final Map<EventSource, Long> positions;

    private AsOf(Instant time, Map<EventSource, Long> positions) {
        this.time = time;
        this.positions = positions;
    }

    public static AsOf time(Instant time) {
        return new AsOf(Objects.requireNonNull(time, "time"), null);
    }

    public static AsOf positions(Map<EventSource, Long> positions) {
        EnumMap<EventSource, Long> copy = new EnumMap<>(EventSource.class);
        copy.putAll(positions);
        return new AsOf(null, Collections.unmodifiableMap(copy));
    }

    public Instant time() {
        return time;
    }

    public Map<EventSource, Long> positions() {
        return positions;
    }

    /** Whether the event belongs to the state as of this point. */
    public boolean includes(EventEnvelope envelope) {
        if (time != null) {
            return !envelope.occurredAt().isAfter(time);
        }
        return envelope.position() <= positions.getOrDefault(envelope.source(), 0L);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsOf other && Objects.equals(time, other.time) && Objects.equals(positions, other.positions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, positions);
    }

    @Override
    public String toString() {
        if (time != null) {
            return time.toString();
        }
        return positions.entrySet().stream().map(e -> e.getKey().id() + "=" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
