package io.iamsuite.auth;

import io.iamsuite.catalogue.GrantEvaluator;
import io.iamsuite.events.ResourceRef;
import io.smallrye.mutiny.Uni;

/**
 * What authorization must know about a checked resource that only its owner service knows: its labels, and a
 * destination's source. resource-service provides the real one; elsewhere checks are on the workspace.
 */
public interface ResourceAttributes {
    Uni<GrantEvaluator.Target> target(String workspaceId, ResourceRef resource);
}
