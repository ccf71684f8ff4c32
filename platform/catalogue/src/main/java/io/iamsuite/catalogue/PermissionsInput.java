package io.iamsuite.catalogue;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Segment's permissions on the wire, {@code [{roleId, resources: [{id, type, labels?}]}]}, as every service that
 * takes them reads them (users' and groups' in identity-service, invites', tokens' in token-service): the same
 * records, parsed the same way, so a permission means the same everywhere. Shapes are checked here, naming the
 * field (INVALID, answered 422); the rules (role, scope, existence) are {@link GrantValidator}'s.
 */
public final class PermissionsInput {
    private PermissionsInput() {
    }

    public record PermissionInput(String roleId, List<ResourceInput> resources, List<LabelInput> labels) {
    }

    /** {@code labels} only on a WORKSPACE resource: the grant reaches resources carrying all of them. */
    public record ResourceInput(String id, String type, List<LabelInput> labels) {
    }

    /** Segment's AllowedLabelBeta; {@code description} is accepted (the SDK may echo it) and ignored. */
    public record LabelInput(String key, String value, String description) {
    }

    private static final String TYPES = Arrays.stream(ResourceType.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    /** The permissions as domain requests; {@code prefix} is the JSON path of the list (e.g. {@code permissions}). */
    public static List<PermissionRequest> toRequests(List<PermissionInput> permissions, String prefix) {
        if (permissions == null) {
            throw invalid(prefix, "is required");
        }
        List<PermissionRequest> requests = new ArrayList<>();
        for (int i = 0; i < permissions.size(); i++) {
            PermissionInput input = permissions.get(i);
            String at = prefix + "[" + i + "]";
            if (input == null) {
                throw invalid(at, "must be an object {roleId, resources}");
            }
            if (input.labels() != null && !input.labels().isEmpty()) {
                throw invalid(at + ".labels", "Put labels on the WORKSPACE resource of the"
                        + " permission: resources: [{id: <workspaceId>, type: WORKSPACE, labels: [...]}]");
            }
            if (input.resources() == null) {
                throw invalid(at + ".resources", "is required");
            }
            List<PermissionRequest.Target> targets = new ArrayList<>();
            for (int j = 0; j < input.resources().size(); j++) {
                targets.add(target(input.resources().get(j), at + ".resources[" + j + "]"));
            }
            requests.add(new PermissionRequest(input.roleId(), targets));
        }
        return requests;
    }

    private static PermissionRequest.Target target(ResourceInput input, String at) {
        if (input == null) {
            throw invalid(at, "must be an object {id, type, labels?}");
        }
        if (input.type() == null || input.type().isBlank()) {
            throw invalid(at + ".type", "is required (one of " + TYPES + ")");
        }
        ResourceType type;
        try {
            type = ResourceType.valueOf(input.type().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(at + ".type", "must be one of " + TYPES + ", not " + input.type());
        }
        if (input.id() == null || input.id().isBlank()) {
            throw invalid(at + ".id", "is required");
        }
        if (input.id().length() > 255) {
            throw invalid(at + ".id", "must be at most 255 characters");
        }
        List<LabelRef> labels = new ArrayList<>();
        if (input.labels() != null) {
            for (int k = 0; k < input.labels().size(); k++) {
                LabelInput label = input.labels().get(k);
                String field = at + ".labels[" + k + "]";
                if (label == null) {
                    throw invalid(field, "must be an object {key, value}");
                }
                if (label.key() == null || label.key().isBlank()) {
                    throw invalid(field + ".key", "is required");
                }
                if (label.value() == null || label.value().isBlank()) {
                    throw invalid(field + ".value", "is required");
                }
                labels.add(new LabelRef(label.key().trim(), label.value().trim()));
            }
        }
        return new PermissionRequest.Target(type, input.id().trim(), labels);
    }

    private static DomainException invalid(String field, String message) {
        return new DomainException(DomainException.Kind.INVALID, field, message);
    }
}
