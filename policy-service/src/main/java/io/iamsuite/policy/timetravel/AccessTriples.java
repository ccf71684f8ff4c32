package io.iamsuite.policy.timetravel;

import io.iamsuite.catalogue.Action;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.Lookups;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.WorkspaceView;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who could do what in a workspace: every (subject, resource, action) that lookupSubjects answers for every existing
 * resource of each action's type (the workspace itself for workspace actions), and the difference between two
 * points.
 */
public final class AccessTriples {
    private AccessTriples() {
    }

    /** One allowed access. */
    public record Triple(Subject subject, ResourceRef resource, String action) {
    }

    public static final Comparator<Triple> ORDER = Comparator
            .comparing((Triple t) -> t.resource().type().name()).thenComparing(t -> t.resource().id())
            .thenComparing(Triple::action).thenComparing(Triple::subject, Lookups.SUBJECT_ORDER);

    /** Added (at {@code to}, not at {@code from}) and removed (at {@code from}, not at {@code to}). */
    public record Diff(List<Triple> added, List<Triple> removed) {
    }

    /** Every allowed triple of the actions in the projection's workspace (empty if the workspace is unknown there). */
    public static TreeSet<Triple> of(Projection projection, Lookups lookups, String workspaceId,
                                     Collection<Action> actions) {
        TreeSet<Triple> triples = new TreeSet<>(ORDER);
        Optional<WorkspaceView> view = projection.view(workspaceId);
        if (view.isEmpty()) {
            return triples;
        }
        for (Action action : actions) {
            for (String id : ids(view.get(), workspaceId, action.type())) {
                ResourceRef resource = new ResourceRef(action.type(), id);
                for (Subject subject : lookups.lookupSubjects(workspaceId, action.name(), resource).orElse(List.of())) {
                    triples.add(new Triple(subject, resource, action.name()));
                }
            }
        }
        return triples;
    }

    public static Diff diff(TreeSet<Triple> from, TreeSet<Triple> to) {
        TreeSet<Triple> added = new TreeSet<>(ORDER);
        added.addAll(to);
        added.removeAll(from);
        TreeSet<Triple> removed = new TreeSet<>(ORDER);
        removed.addAll(from);
        removed.removeAll(to);
        return new Diff(List.copyOf(added), List.copyOf(removed));
    }

    private static Collection<String> ids(WorkspaceView view, String workspaceId, ResourceType type) {
        return type == ResourceType.WORKSPACE ? List.of(workspaceId) : view.live(type);
    }
}
