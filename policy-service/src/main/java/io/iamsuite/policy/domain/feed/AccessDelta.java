package io.iamsuite.policy.domain.feed;

import io.iamsuite.events.EventEnvelope;

import java.util.List;

/**
 * What applying one event changed: every (subject, resource) pair whose allowed actions differ, in
 * {@link AccessChange#ORDER}, and the workspace's applied positions (identity, resource, token) right after it.
 */
public record AccessDelta(EventEnvelope cause, List<AccessChange> changes, Positions positions) {
    /** The workspace's applied position per source after the cause: the projection position of the delta. */
    public record Positions(long identity, long resource, long token) {
    }
}
