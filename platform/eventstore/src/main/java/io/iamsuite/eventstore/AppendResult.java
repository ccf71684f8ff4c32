package io.iamsuite.eventstore;

import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.EventEnvelope;

import java.util.List;

/** The events as stored, with their positions, and the token a reader passes back to see them. */
public record AppendResult(List<EventEnvelope> events, ConsistencyToken consistencyToken) {
    public long lastPosition() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).position();
    }
}
