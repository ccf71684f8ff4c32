package io.iamsuite.policy.timetravel;

import io.iamsuite.events.EventEnvelope;
import io.iamsuite.policy.domain.Projection;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Folds one workspace's events (or every workspace's), as they come off the log, into a fresh {@link Projection} up
 * to a past point: events of other workspaces and events after the point are skipped; the projection's own
 * idempotence skips redeliveries. The log's order within a (source, workspace) is its position order, so the events
 * kept are a prefix of each source's stream when asked by positions.
 */
public final class HistoricalFold {
    private final String workspaceId;
    private final AsOf asOf;
    private final Projection projection = new Projection();
    private final SortedSet<String> workspaces = new TreeSet<>();
    private long applied;

    public HistoricalFold(String workspaceId, AsOf asOf) {
        this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId");
        this.asOf = asOf;
    }

    private HistoricalFold(AsOf asOf) {
        this.workspaceId = null;
        this.asOf = asOf;
    }

    /** A fold of every workspace's events up to the point (a time: positions are per workspace). */
    public static HistoricalFold everyWorkspace(AsOf asOf) {
        return new HistoricalFold(asOf);
    }

    /** Applies the event if it is of the workspace and at or before the point; answers whether it applied. */
    public boolean offer(EventEnvelope envelope) {
        if ((workspaceId != null && !workspaceId.equals(envelope.workspaceId())) || !asOf.includes(envelope)) {
            return false;
        }
        boolean changed = projection.apply(envelope);
        if (changed) {
            applied++;
            workspaces.add(envelope.workspaceId());
        }
        return changed;
    }

    /** The workspaces of which at least one event was applied, in id order. */
    public SortedSet<String> workspaces() {
        return Collections.unmodifiableSortedSet(workspaces);
    }

    public long applied() {
        return applied;
    }

    public Projection projection() {
        return projection;
    }
}
