package io.iamsuite.resource.domain;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;

import java.util.List;

/** The rules of workspaces: decide(command, state) -> events. No framework, no I/O. */
public final class WorkspaceDecider {
    /** Every workspace starts with these labels, as in Segment. */
    public static final List<LabelRef> DEFAULT_LABELS = List.of(new LabelRef("environment", "dev"),
            new LabelRef("environment", "prod"));

    private WorkspaceDecider() {
    }

    public static String streamId(String workspaceId) {
        return "workspace:" + workspaceId;
    }

    /** @param slugTaken whether another workspace already has the slug */
    public static List<ResourceEvent> decide(CreateWorkspace command, boolean slugTaken) {
        if (slugTaken) {
            throw new DomainException(DomainException.Kind.CONFLICT, "slug",
                    "A workspace with slug " + command.slug() + " already exists");
        }
        return List.of(new ResourceEvent.WorkspaceCreated(command.workspaceId(), command.name(), command.slug()),
                new ResourceEvent.LabelCreated(DEFAULT_LABELS.get(0), "Development"),
                new ResourceEvent.LabelCreated(DEFAULT_LABELS.get(1), "Production"));
    }
}
