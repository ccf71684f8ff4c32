package io.iamsuite.events;

import java.util.List;

/** Events of resource-service: workspaces, resources, labels and label assignments. */
public sealed interface ResourceEvent extends DomainEvent {

    @Override
    default EventSource source() {
        return EventSource.RESOURCE;
    }

    @EventType("resource.workspace-created")
    record WorkspaceCreated(String workspaceId, String name, String slug) implements ResourceEvent {}

    @EventType("resource.workspace-renamed")
    record WorkspaceRenamed(String workspaceId, String name) implements ResourceEvent {}

    /**
     * A source, destination, warehouse, space, tracking plan or function exists. {@code parentSourceId} is a
     * destination's source; {@code connectedSourceIds} are a warehouse's or tracking plan's sources.
     */
    @EventType("resource.resource-created")
    record ResourceCreated(ResourceRef resource, String name, String slug, String parentSourceId,
                           List<String> connectedSourceIds) implements ResourceEvent {
        public ResourceCreated {
            connectedSourceIds = connectedSourceIds == null ? List.of() : List.copyOf(connectedSourceIds);
        }
    }

    @EventType("resource.resource-updated")
    record ResourceUpdated(ResourceRef resource, String name, String slug) implements ResourceEvent {}

    /** The resource is gone; every grant that names it and every label on it ends. */
    @EventType("resource.resource-deleted")
    record ResourceDeleted(ResourceRef resource) implements ResourceEvent {}

    /** A source was connected to a warehouse or tracking plan (needs admin on both sides). */
    @EventType("resource.resources-connected")
    record ResourcesConnected(String sourceId, ResourceRef target) implements ResourceEvent {}

    @EventType("resource.resources-disconnected")
    record ResourcesDisconnected(String sourceId, ResourceRef target) implements ResourceEvent {}

    @EventType("resource.label-created")
    record LabelCreated(LabelRef label, String description) implements ResourceEvent {}

    @EventType("resource.label-deleted")
    record LabelDeleted(LabelRef label) implements ResourceEvent {}

    /** Every resource and every grant carrying {@code from} now carries {@code to}, in one step. */
    @EventType("resource.label-renamed")
    record LabelRenamed(LabelRef from, LabelRef to) implements ResourceEvent {}

    @EventType("resource.label-assigned")
    record LabelAssigned(ResourceRef resource, LabelRef label) implements ResourceEvent {}

    @EventType("resource.label-unassigned")
    record LabelUnassigned(ResourceRef resource, LabelRef label) implements ResourceEvent {}
}
