package io.iamsuite.policy.domain.feed;

import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;

import java.util.Comparator;
import java.util.SortedSet;

/**
 * One pair whose effective access changed: the actions {@code subject} (a USER or a TOKEN) may do on
 * {@code resource} before and after the cause event, each sorted by name. An empty {@code after} means the pair
 * is gone (no action left, the resource deleted, the member removed, the token revoked). An owner's set is every
 * action of the catalogue on the resource's type, which is exactly what a check answers for an owner.
 */
public record AccessChange(Subject subject, ResourceRef resource, SortedSet<String> before, SortedSet<String> after) {
    /** The order of changes within a delta: by subject (type, id), then resource (type, id). */
    public static final Comparator<AccessChange> ORDER = Comparator
            .comparing((AccessChange c) -> c.subject().type().name()).thenComparing(c -> c.subject().id())
            .thenComparing(c -> c.resource().type().name()).thenComparing(c -> c.resource().id());
}
