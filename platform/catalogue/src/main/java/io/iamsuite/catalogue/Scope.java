package io.iamsuite.catalogue;

import io.iamsuite.events.Grant;
import io.iamsuite.events.ResourceType;

/**
 * How far one grant of a role reaches. A role lists the scopes it may be granted with; the grant's scope
 * follows from its target (see {@link #of(Grant)}).
 */
public enum Scope {
    /**
     * On the workspace without labels: every resource of the types the role applies to, including future
     * ones. The only scope that confers {@code <type>.create} directly.
     */
    WORKSPACE,
    /** On one listed resource (a Segment permission lists several: one grant each). */
    RESOURCES,
    /** On the workspace with labels: the resources that carry ALL the labels, present and future. */
    LABELS;

    /** The scope of a grant: its target type and whether it carries labels decide it. */
    public static Scope of(Grant grant) {
        return of(grant.resource().type(), grant.labelScoped());
    }

    /**
     * The scope of a grant targeting {@code targetType}.
     *
     * @throws IllegalArgumentException for labels on anything but the workspace (no such grant exists)
     */
    public static Scope of(ResourceType targetType, boolean labelled) {
        if (targetType == ResourceType.WORKSPACE) {
            return labelled ? LABELS : WORKSPACE;
        }
        if (labelled) {
            throw new IllegalArgumentException("A grant with labels targets the workspace, not a " + targetType);
        }
        return RESOURCES;
    }
}
