package io.iamsuite.identity.api;

import io.iamsuite.catalogue.PermissionsInput;

import java.util.List;

/**
 * The body of Segment's add/replace permissions of a user or group: {@code {permissions: [...]}}, read by the
 * shared {@link PermissionsInput}.
 */
public record PermissionsBody(List<PermissionsInput.PermissionInput> permissions) {
}
