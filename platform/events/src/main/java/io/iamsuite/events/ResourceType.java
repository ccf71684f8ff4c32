package io.iamsuite.events;

/**
 * Every kind of resource a permission can name. Segment's wire knows WORKSPACE, SOURCE, SPACE, WAREHOUSE
 * and FUNCTION; DESTINATION and TRACKING_PLAN are ours (Segment has no roles of their own for them).
 */
public enum ResourceType {
    WORKSPACE, SOURCE, DESTINATION, WAREHOUSE, SPACE, TRACKING_PLAN, FUNCTION
}
