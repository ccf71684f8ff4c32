package io.iamsuite.resource.domain;

import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;

import java.util.List;

/** The commands on a workspace's resources and labels (creating the workspace is {@link CreateWorkspace}). */
public sealed interface ResourceCommand {
    String workspaceId();

    record RenameWorkspace(String workspaceId, String name) implements ResourceCommand {
    }

    /**
     * A new source, destination, warehouse, space, tracking plan or function. {@code slug} null: derived from the
     * name. {@code parentSourceId}: a destination's source (required for destinations, refused for others).
     */
    record CreateResource(String workspaceId, ResourceRef resource, String name, String slug, String parentSourceId)
            implements ResourceCommand {
    }

    /** {@code name} or {@code slug} null: unchanged. */
    record UpdateResource(String workspaceId, ResourceRef resource, String name, String slug) implements ResourceCommand {
    }

    /** Deleting a source deletes its destinations first. */
    record DeleteResource(String workspaceId, ResourceRef resource) implements ResourceCommand {
    }

    /** Connect a source to a warehouse or a tracking plan. */
    record Connect(String workspaceId, String sourceId, ResourceRef target) implements ResourceCommand {
    }

    record Disconnect(String workspaceId, String sourceId, ResourceRef target) implements ResourceCommand {
    }

    record CreateLabel(String workspaceId, LabelRef label, String description) implements ResourceCommand {
    }

    record DeleteLabel(String workspaceId, LabelRef label) implements ResourceCommand {
    }

    /** Ours (Segment cannot rename a label): every resource and grant carrying {@code from} carries {@code to}. */
    record RenameLabel(String workspaceId, LabelRef from, LabelRef to) implements ResourceCommand {
    }

    /**
     * Segment's {@code addLabelsToSource} ({@code replace} false: a label whose key the resource already carries
     * replaces that value) and {@code replaceLabelsInSource} ({@code replace} true: the labels become exactly these).
     */
    record AssignLabels(String workspaceId, ResourceRef resource, List<LabelRef> labels, boolean replace)
            implements ResourceCommand {
        public AssignLabels {
            labels = List.copyOf(labels);
        }
    }
}
