package io.iamsuite.policy.domain.audit;

import java.time.Instant;

/**
 * One entry of a workspace's audit trail, in Segment's shape ({@code AuditEventV1}) plus what we know beyond it.
 *
 * @param actor      the user or token id that caused the event ({@code operator} for the operator, {@code system}
 *                   for the services' own events)
 * @param actorEmail the acting user's email when known, else null
 */
public record AuditRecord(String id, Instant timestamp, String type, String actor, String actorEmail,
                          String resourceId, String resourceType, String resourceName, String eventType,
                          String requestId) {
}
