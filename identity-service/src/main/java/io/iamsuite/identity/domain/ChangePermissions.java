package io.iamsuite.identity.domain;

import io.iamsuite.catalogue.PermissionRequest;
import io.iamsuite.events.Subject;

import java.util.List;

/**
 * Add permissions to a user or group, or replace all of them ({@code replace}). Granting the Workspace Owner
 * role to a user makes them an owner; replacing an owner's permissions with a list without it demotes them
 * (as in Segment, where owner is a role).
 */
public record ChangePermissions(String workspaceId, Subject subject, List<PermissionRequest> permissions,
                                boolean replace) {
    public ChangePermissions {
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }
}
