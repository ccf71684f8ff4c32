package io.iamsuite.catalogue;

import io.iamsuite.events.ResourceType;

/**
 * How a resource of type {@code from} is reached through one of type {@code to}: a role that applies to
 * {@code to} and {@code inherits} {@code from} by this relation confers its {@code from} actions on every
 * {@code from} resource whose {@code to} the grant reaches (present and future ones).
 */
public record Relation(String name, ResourceType from, ResourceType to, String description) {
    /** A destination and the source it is connected to ({@code parentSourceId} of {@code resource.resource-created}). */
    public static final String PARENT_SOURCE = "parentSource";
}
