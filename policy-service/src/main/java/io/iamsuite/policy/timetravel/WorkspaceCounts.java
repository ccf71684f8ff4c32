package io.iamsuite.policy.timetravel;

import io.iamsuite.events.EventSource;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceType;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.WorkspaceView;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a workspace holds in a projection: members (owners among them), groups, grants (of every holder), live
 * resources (the workspace itself not counted), live tokens, and the position reached per source.
 */
public record WorkspaceCounts(String workspaceId, long members, long owners, long groups, long grants,
                              long resources, long tokens, Map<String, Long> positions) {

    /** The workspace's counts, or empty if the projection has seen no event of it. */
    public static Optional<WorkspaceCounts> of(Projection projection, String workspaceId) {
        Optional<WorkspaceView> found = projection.view(workspaceId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WorkspaceView view = found.get();
        long owners = view.members().values().stream().filter(r -> r == MemberRole.OWNER).count();
        long grants = view.grantHolders().stream().mapToLong(s -> view.grantsOf(s).size()).sum();
        long resources = 0;
        for (ResourceType type : ResourceType.values()) {
            if (type != ResourceType.WORKSPACE) {
                resources += view.live(type).size();
            }
        }
        Map<String, Long> positions = new LinkedHashMap<>();
        for (EventSource source : EventSource.values()) {
            positions.put(source.id(), projection.applied().get(source, workspaceId));
        }
        return Optional.of(new WorkspaceCounts(workspaceId, view.members().size(), owners, view.groups().size(),
                grants, resources, view.tokens().size(), positions));
    }
}
