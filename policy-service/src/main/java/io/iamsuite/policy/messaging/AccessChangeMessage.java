package io.iamsuite.policy.messaging;

import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One Kafka message of {@code <ns>.access-changes.v1} (docs/access-changes.md): up to
 * {@code iam.feed.max-changes-per-message} changes of one cause event; an event changing more is split into
 * {@code chunk.count} messages, all with the same key (the workspace), so they stay in order.
 *
 * @param positions the workspace's applied position per source ({@code identity}, {@code resource}, {@code token})
 *                  right after the cause: the projection position of the message
 */
public record AccessChangeMessage(String workspaceId, Cause cause, Positions positions, Chunk chunk,
                                  List<Change> changes) {
    public record Cause(UUID eventId, String eventType, String source, long position, Instant occurredAt) {
    }

    public record Positions(long identity, long resource, long token) {
    }

    public record Chunk(int index, int count) {
    }

    public record Change(Subject subject, ResourceRef resource, List<String> before, List<String> after) {
    }
}
