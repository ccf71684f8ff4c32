package io.iamsuite.catalogue;

import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceType;

import java.util.List;

/**
 * One Segment permission as a client asked for it: a role on one or more targets. Kept in request order so
 * that a refusal can name the offending field ({@code permissions[1].resources[0].id}).
 */
public record PermissionRequest(String roleId, List<Target> targets) {
    /** The workspace (with or without labels) or one listed resource. */
    public record Target(ResourceType type, String id, List<LabelRef> labels) {
        public Target {
            labels = labels == null ? List.of() : List.copyOf(labels);
        }
    }

    public PermissionRequest {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
