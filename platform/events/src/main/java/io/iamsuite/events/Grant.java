package io.iamsuite.events;

import java.util.List;
import java.util.Objects;

/**
 * One role on one target. The target is the workspace (every resource the role applies to, including
 * future ones), one listed resource, or the workspace restricted to resources carrying ALL {@code labels}.
 * A Segment permission {@code {roleId, resources: [...]}} is a list of grants with the same role.
 */
public record Grant(String roleId, ResourceRef resource, List<LabelRef> labels) {
    public Grant {
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(resource, "resource");
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public static Grant on(String roleId, ResourceRef resource) {
        return new Grant(roleId, resource, List.of());
    }

    public boolean labelScoped() {
        return !labels.isEmpty();
    }
}
