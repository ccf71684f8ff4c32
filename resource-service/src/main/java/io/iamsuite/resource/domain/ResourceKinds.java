package io.iamsuite.resource.domain;

import io.iamsuite.events.ResourceType;

import java.util.Locale;

/** Names of each resource type on the wire: its id's prefix, the path parameter naming it, a readable noun. */
public final class ResourceKinds {
    private ResourceKinds() {
    }

    public static String idPrefix(ResourceType type) {
        switch (type) {
            case SOURCE: return "src";
            case DESTINATION: return "dst";
            case WAREHOUSE: return "wh";
            case SPACE: return "spc";
            case TRACKING_PLAN: return "tp";
            case FUNCTION: return "fn";
            default: return "ws";
        }
    }

    /** {@code sourceId}, {@code trackingPlanId}, ...: the field an error about this resource names. */
    public static String idField(ResourceType type) {
        switch (type) {
            case SOURCE: return "sourceId";
            case DESTINATION: return "destinationId";
            case WAREHOUSE: return "warehouseId";
            case SPACE: return "spaceId";
            case TRACKING_PLAN: return "trackingPlanId";
            case FUNCTION: return "functionId";
            default: return "workspaceId";
        }
    }

    /** {@code source}, {@code tracking plan}, ... */
    public static String noun(ResourceType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
