package io.iamsuite.resource.domain;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every action a command requires is one of the role catalogue's, on a resource of that action's type (a creation
 * is checked on the workspace, or for a destination on its source, since the resource does not exist yet).
 */
class RequiredPermissionsTest {
    @Test
    void every_required_action_exists_in_the_catalogue() {
        RoleCatalogue catalogue = RoleCatalogue.load();
        List<ResourceCommand> commands = new ArrayList<>();
        LabelRef label = new LabelRef("environment", "prod");
        commands.add(new ResourceCommand.RenameWorkspace("ws", "x"));
        commands.add(new ResourceCommand.CreateLabel("ws", label, null));
        commands.add(new ResourceCommand.DeleteLabel("ws", label));
        commands.add(new ResourceCommand.RenameLabel("ws", label, label));
        for (ResourceType type : ResourceType.values()) {
            if (type == ResourceType.WORKSPACE) {
                continue;
            }
            ResourceRef ref = new ResourceRef(type, "id");
            commands.add(new ResourceCommand.CreateResource("ws", ref, "n", null, type == ResourceType.DESTINATION ? "src" : null));
            commands.add(new ResourceCommand.UpdateResource("ws", ref, "n", null));
            commands.add(new ResourceCommand.DeleteResource("ws", ref));
            commands.add(new ResourceCommand.AssignLabels("ws", ref, List.of(label), false));
        }
        commands.add(new ResourceCommand.Connect("ws", "src", new ResourceRef(ResourceType.WAREHOUSE, "wh")));
        commands.add(new ResourceCommand.Connect("ws", "src", new ResourceRef(ResourceType.TRACKING_PLAN, "tp")));
        for (ResourceCommand command : commands) {
            for (RequiredPermissions.Required required : RequiredPermissions.of(command)) {
                assertThat(catalogue.action(required.action())).as(command + " requires " + required.action())
                        .hasValueSatisfying(action -> {
                            if (!action.creates()) {
                                assertThat(action.type()).isEqualTo(required.resource().type());
                            }
                        });
            }
        }
    }
}
