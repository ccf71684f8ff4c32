package io.iamsuite.policy.domain.audit;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceType;

import java.util.Map;

/**
 * Segment's audit event type names for our event types (docs/services/policy-service.md, "Audit trail", has the
 * table). Where Segment has a name we use it; the others follow its pattern ({@code <Thing> <Past participle>}).
 */
public final class AuditTypes {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("identity.member-added", "User Added To Workspace"),
            Map.entry("identity.member-role-changed", "User Policy Updated"),
            Map.entry("identity.member-removed", "User Removed"),
            Map.entry("identity.invite-sent", "New Segment User Invited to Workspace"),
            Map.entry("identity.invite-resent", "Invite Resent"),
            Map.entry("identity.invite-revoked", "Invite Deleted"),
            Map.entry("identity.invite-expired", "Invite Expired"),
            Map.entry("identity.invite-accepted", "Invite Accepted"),
            Map.entry("identity.group-created", "User Group Created"),
            Map.entry("identity.group-renamed", "User Group Updated"),
            Map.entry("identity.group-deleted", "User Group Deleted"),
            Map.entry("identity.group-member-added", "User Added To User Group"),
            Map.entry("identity.group-member-removed", "User Removed From User Group"),
            Map.entry("identity.group-invite-added", "Subjects Added to Group"),
            Map.entry("identity.group-invite-removed", "Group Memberships Deleted"),
            Map.entry("resource.workspace-created", "Workspace Created"),
            Map.entry("resource.workspace-renamed", "Workspace Modified"),
            Map.entry("resource.label-created", "Label Created"),
            Map.entry("resource.label-deleted", "Label Deleted"),
            Map.entry("resource.label-renamed", "Label Modified"),
            Map.entry("token.token-issued", "Access Token Created"),
            Map.entry("token.token-rotated", "Access Token Rotated"),
            Map.entry("token.token-permissions-replaced", "Access Token Modified"),
            Map.entry("token.token-revoked", "Access Token Deleted"),
            Map.entry("token.token-expired", "Access Token Expired"),
            Map.entry("token.token-creator-departed", "Access Token Modified"));

    private AuditTypes() {
    }

    static String segmentType(String eventType, DomainEvent data) {
        if (data instanceof IdentityEvent.RoleGranted granted) {
            return granted.subject().type() == io.iamsuite.events.Subject.Type.GROUP ? "User Group Policy Updated" : "Policy Created";
        }
        if (data instanceof IdentityEvent.RoleRevoked revoked) {
            return revoked.subject().type() == io.iamsuite.events.Subject.Type.GROUP ? "User Group Policy Updated" : "Policy Deleted";
        }
        if (data instanceof ResourceEvent.ResourceCreated created) {
            return resourceType(created.resource().type()) + " Created";
        }
        if (data instanceof ResourceEvent.ResourceDeleted deleted) {
            return resourceType(deleted.resource().type()) + " Deleted";
        }
        if (data instanceof ResourceEvent.ResourceUpdated updated) {
            return resourceType(updated.resource().type()) + " Modified";
        }
        if (data instanceof ResourceEvent.ResourcesConnected connected) {
            return resourceType(connected.target().type()) + " Modified";
        }
        if (data instanceof ResourceEvent.ResourcesDisconnected disconnected) {
            return resourceType(disconnected.target().type()) + " Modified";
        }
        if (data instanceof ResourceEvent.LabelAssigned assigned) {
            return resourceType(assigned.resource().type()) + " Modified";
        }
        if (data instanceof ResourceEvent.LabelUnassigned unassigned) {
            return resourceType(unassigned.resource().type()) + " Modified";
        }
        return NAMES.getOrDefault(eventType, eventType);
    }

    /** {@code TRACKING_PLAN} -> {@code Tracking Plan}. */
    public static String resourceType(ResourceType type) {
        StringBuilder name = new StringBuilder();
        for (String word : type.name().split("_")) {
            name.append(name.length() == 0 ? "" : " ").append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return name.toString();
    }
}
