package io.iamsuite.policy.domain;

import io.iamsuite.events.EventSource;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The last position applied per (source, workspace): what makes applying idempotent and tokens answerable. */
public final class AppliedPositions {
    private final Map<EventSource, Map<String, Long>> positions = new EnumMap<>(EventSource.class);

    public AppliedPositions() {
        for (EventSource source : EventSource.values()) {
            positions.put(source, new ConcurrentHashMap<>());
        }
    }

    public long get(EventSource source, String workspaceId) {
        return positions.get(source).getOrDefault(workspaceId, 0L);
    }

    void set(EventSource source, String workspaceId, long position) {
        positions.get(source).put(workspaceId, position);
    }
}
