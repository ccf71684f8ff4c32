package io.iamsuite.catalogue;

import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;

import java.util.Set;

/**
 * What this service knows exists in a workspace, learned from resource-service's events: resources that were
 * created and not deleted, and labels that were created and not deleted (or renamed away).
 */
public record KnownResources(Set<ResourceRef> resources, Set<LabelRef> labels) {
    public KnownResources {
        resources = Set.copyOf(resources);
        labels = Set.copyOf(labels);
    }

    public static KnownResources none() {
        return new KnownResources(Set.of(), Set.of());
    }

    public boolean exists(ResourceRef resource) {
        return resources.contains(resource);
    }

    public boolean exists(LabelRef label) {
        return labels.contains(label);
    }
}
