package io.iamsuite.resource.domain;

import io.iamsuite.events.ResourceType;

import java.util.EnumSet;
import java.util.Set;

/** Which resource types may carry labels. */
public enum LabelPolicy {
    /** Segment's behaviour: only sources and spaces. */
    SEGMENT(EnumSet.of(ResourceType.SOURCE, ResourceType.SPACE)),
    /** Ours: every resource type except the workspace itself. */
    ALL_TYPES(EnumSet.complementOf(EnumSet.of(ResourceType.WORKSPACE)));

    private final Set<ResourceType> labelled;

    LabelPolicy(Set<ResourceType> labelled) {
        this.labelled = labelled;
    }

    public boolean allows(ResourceType type) {
        return labelled.contains(type);
    }
}
