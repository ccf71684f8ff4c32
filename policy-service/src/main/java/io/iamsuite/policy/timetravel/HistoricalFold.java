package io.iamsuite.policy.timetravel;

import io.iamsuite.events.EventEnvelope;
import io.iamsuite.policy.domain.Projection;

/**
 * Folds one workspace's events, as they come off the log, into a fresh {@link Projection} up to a past point:
 * events of other workspaces and events after the point are skipped; the projection's own idempotence skips
 * redeliveries. The log's order within a (source, workspace) is its position order, so the events kept are a
 * prefix of each source's stream when asked by positions.
 */
public final class HistoricalFold {
    private final String workspaceId;
    private final AsOf asOf;
    private final Projection projection = new Projection();
    private long applied;

    public HistoricalFold(String workspaceId, AsOf asOf) {
        this.workspaceId = workspaceId;
        this.asOf = asOf;
    }

    /** Applies the event if it is of the workspace and at or before the point; answers whether it applied. */
    public boolean offer(EventEnvelope envelope) {
        if (!workspaceId.equals(envelope.workspaceId()) || !asOf.includes(envelope)) {
            return false;
        }
        boolean changed = projection.apply(envelope);
        if (changed) {
            applied++;
        }
        return changed;
    }

    public long applied() {
        return applied;
    }

    public Projection projection() {
        return projection;
    }
}
