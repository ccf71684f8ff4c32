package io.iamsuite.resource.domain;

import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;

import java.util.List;
import java.util.Locale;

/**
 * What a caller must be allowed to do for a command, in the role catalogue's action vocabulary. Modelled now,
 * enforced once token-service authenticates callers: the guard checks every entry against the policy projection.
 * Connecting a source to a warehouse or tracking plan needs admin rights on both sides.
 */
public final class RequiredPermissions {
    /** {@code action} (e.g. {@code source.connect}) on {@code resource}. */
    public record Required(String action, ResourceRef resource) {
    }

    private RequiredPermissions() {
    }

    public static List<Required> of(ResourceCommand command) {
        ResourceRef workspace = ResourceRef.workspace(command.workspaceId());
        if (command instanceof ResourceCommand.RenameWorkspace) {
            return List.of(new Required("workspace.update", workspace));
        }
        if (command instanceof ResourceCommand.CreateResource create) {
            if (create.resource().type() == ResourceType.DESTINATION) {
                // A destination inherits its source's grants: adding one is checked on the source.
                return List.of(new Required("destination.create",
                        new ResourceRef(ResourceType.SOURCE, create.parentSourceId())));
            }
            return List.of(new Required(prefix(create.resource().type()) + ".create", workspace));
        }
        if (command instanceof ResourceCommand.UpdateResource update) {
            return List.of(new Required(prefix(update.resource().type()) + ".update", update.resource()));
        }
        if (command instanceof ResourceCommand.DeleteResource delete) {
            return List.of(new Required(prefix(delete.resource().type()) + ".delete", delete.resource()));
        }
        if (command instanceof ResourceCommand.Connect connect) {
            return connection(connect.sourceId(), connect.target());
        }
        if (command instanceof ResourceCommand.Disconnect disconnect) {
            return connection(disconnect.sourceId(), disconnect.target());
        }
        if (command instanceof ResourceCommand.AssignLabels assign) {
            ResourceType type = assign.resource().type();
            // The catalogue has a labels action for the types Segment labels; elsewhere labelling is an edit.
            String action = type == ResourceType.SOURCE || type == ResourceType.SPACE
                    ? prefix(type) + ".labels.update" : prefix(type) + ".update";
            return List.of(new Required(action, assign.resource()));
        }
        // CreateLabel, DeleteLabel, RenameLabel
        return List.of(new Required("workspace.labels.update", workspace));
    }

    private static List<Required> connection(String sourceId, ResourceRef target) {
        return List.of(new Required("source.connect", new ResourceRef(ResourceType.SOURCE, sourceId)),
                new Required(prefix(target.type()) + ".connect", target));
    }

    private static String prefix(ResourceType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
