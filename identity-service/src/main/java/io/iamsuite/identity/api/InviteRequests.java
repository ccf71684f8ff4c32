package io.iamsuite.identity.api;

import io.iamsuite.catalogue.PermissionsInput;
import io.iamsuite.events.ResourceType;
import io.iamsuite.catalogue.PermissionRequest;
import io.iamsuite.rest.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Bodies of the invite operations. */
final class InviteRequests {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private InviteRequests() {
    }

    /** Segment's createInvites: {@code {invites: [{email, permissions?}]}}; {@code groupIds} is ours. */
    record Create(List<InviteInput> invites) {
    }

    /**
     * Segment's InviteV1 / InvitePermissionV1: a permission of an invite may leave out {@code resources} (the
     * whole workspace) and carry {@code labels} (the workspace restricted to those labels).
     */
    record InviteInput(String email, List<PermissionsInput.PermissionInput> permissions, List<String> groupIds) {
    }

    /** Ours: accepting an invite; the invitee's display name. */
    record Accept(String name) {
    }

    static String email(String email, String field) {
        if (email == null || email.isBlank()) {
            throw ApiException.validation(field, "is required");
        }
        String trimmed = email.trim();
        if (trimmed.length() > 254 || !EMAIL.matcher(trimmed).matches()) {
            throw ApiException.validation(field, "must be an email address of at most 254 characters");
        }
        return trimmed;
    }

    /** An invite's permissions: permission-level labels and absent resources mean the workspace. */
    static List<PermissionRequest> permissions(String workspaceId, List<PermissionsInput.PermissionInput> inputs,
                                               String prefix) {
        if (inputs == null) {
            return List.of();
        }
        List<PermissionsInput.PermissionInput> normalised = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            PermissionsInput.PermissionInput input = inputs.get(i);
            if (input == null) {
                throw ApiException.validation(prefix + "[" + i + "]", "must be an object {roleId, resources?, labels?}");
            }
            List<PermissionsInput.LabelInput> labels = input.labels() == null ? List.of() : input.labels();
            List<PermissionsInput.ResourceInput> resources = input.resources() == null || input.resources().isEmpty()
                    ? List.of(new PermissionsInput.ResourceInput(workspaceId, ResourceType.WORKSPACE.name(), null))
                    : input.resources();
            List<PermissionsInput.ResourceInput> applied = new ArrayList<>();
            for (PermissionsInput.ResourceInput resource : resources) {
                boolean workspace = resource != null && ResourceType.WORKSPACE.name().equalsIgnoreCase(resource.type());
                applied.add(workspace && !labels.isEmpty() && (resource.labels() == null || resource.labels().isEmpty())
                        ? new PermissionsInput.ResourceInput(resource.id(), resource.type(), labels) : resource);
            }
            normalised.add(new PermissionsInput.PermissionInput(input.roleId(), applied, null));
        }
        return PermissionsInput.toRequests(normalised, prefix);
    }
}
