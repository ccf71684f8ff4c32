package io.iamsuite.eventstore;

import io.iamsuite.events.DomainEvent;

import java.util.List;
import java.util.Objects;

/**
 * Events for one stream, decided on the stream at {@code expectedVersion} ({@link ExpectedVersion#ANY},
 * {@link ExpectedVersion#NO_STREAM} or a version).
 */
public record StreamAppend(String streamId, long expectedVersion, List<? extends DomainEvent> events) {
    public StreamAppend {
        Objects.requireNonNull(streamId, "streamId");
        events = List.copyOf(events);
        if (expectedVersion < ExpectedVersion.ANY) {
            throw new IllegalArgumentException("expected version must be -1 (any), 0 (no stream) or positive");
        }
    }

    public static StreamAppend of(String streamId, long expectedVersion, DomainEvent... events) {
        return new StreamAppend(streamId, expectedVersion, List.of(events));
    }
}
