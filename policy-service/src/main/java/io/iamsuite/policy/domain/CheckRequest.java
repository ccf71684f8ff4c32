package io.iamsuite.policy.domain;

import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;

/** Can {@code subject} do {@code permission} on {@code resource} in {@code workspaceId}? */
public record CheckRequest(String workspaceId, Subject subject, String permission, ResourceRef resource) {
}
