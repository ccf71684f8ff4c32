package io.iamsuite.resource.domain;

import io.iamsuite.events.ResourceEvent;

/**
 * Which stream an event belongs to: the workspace and its labels on {@code workspace:<ws>}, each resource (its
 * labels and, for a warehouse or tracking plan, its connections) on {@code resource:<ws>:<id>}.
 */
public final class ResourceStreams {
    private ResourceStreams() {
    }

    public static String resource(String workspaceId, String resourceId) {
        return "resource:" + workspaceId + ":" + resourceId;
    }

    public static String of(String workspaceId, ResourceEvent event) {
        if (event instanceof ResourceEvent.ResourceCreated e) {
            return resource(workspaceId, e.resource().id());
        }
        if (event instanceof ResourceEvent.ResourceUpdated e) {
            return resource(workspaceId, e.resource().id());
        }
        if (event instanceof ResourceEvent.ResourceDeleted e) {
            return resource(workspaceId, e.resource().id());
        }
        if (event instanceof ResourceEvent.ResourcesConnected e) {
            return resource(workspaceId, e.target().id());
        }
        if (event instanceof ResourceEvent.ResourcesDisconnected e) {
            return resource(workspaceId, e.target().id());
        }
        if (event instanceof ResourceEvent.LabelAssigned e) {
            return resource(workspaceId, e.resource().id());
        }
        if (event instanceof ResourceEvent.LabelUnassigned e) {
            return resource(workspaceId, e.resource().id());
        }
        return WorkspaceDecider.streamId(workspaceId);
    }
}
