package io.iamsuite.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event as it is stored and published.
 *
 * @param eventId       unique id; also the CloudEvents {@code ce_id}
 * @param eventType     stable wire name, e.g. {@code identity.member-added}
 * @param schemaVersion version of {@code data}'s shape (after upcasting: the current one)
 * @param workspaceId   tenant; also the Kafka key, so one workspace's events stay in order
 * @param streamId      the aggregate instance (e.g. {@code member:<workspace>:<user>})
 * @param streamVersion 1-based version of the stream after this event (optimistic concurrency)
 * @param position      1-based, gap-free, commit-ordered position within (source, workspace)
 * @param occurredAt    commit time as the writer saw it
 * @param actor         who caused it
 * @param requestId     the request that caused it, for tracing
 * @param data          the payload
 */
public record EventEnvelope(UUID eventId, String eventType, int schemaVersion, String workspaceId, String streamId,
                            long streamVersion, long position, Instant occurredAt, Actor actor, String requestId,
                            DomainEvent data) {
    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(data, "data");
    }

    public EventSource source() {
        return data.source();
    }
}
