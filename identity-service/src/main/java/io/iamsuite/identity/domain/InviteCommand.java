package io.iamsuite.identity.domain;

import io.iamsuite.catalogue.PermissionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The commands on invites. {@code now} and {@code ttl} come from the caller, so the rules stay pure. */
public sealed interface InviteCommand {
    String workspaceId();

    /** One invite asked for: an email, Segment permissions, and (ours) groups to join on acceptance. */
    record NewInvite(String inviteId, String email, List<PermissionRequest> permissions, List<String> groupIds) {
        public NewInvite {
            permissions = permissions == null ? List.of() : List.copyOf(permissions);
            groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
        }
    }

    record Create(String workspaceId, List<NewInvite> invites, Instant now, Duration ttl) implements InviteCommand {
        public Create {
            invites = List.copyOf(invites);
        }
    }

    /** Segment's deleteInvites: by email, all or none. */
    record Revoke(String workspaceId, List<String> emails) implements InviteCommand {
        public Revoke {
            emails = List.copyOf(emails);
        }
    }

    /** Ours: send again with a fresh expiry. */
    record Resend(String workspaceId, String inviteId, Instant now, Duration ttl) implements InviteCommand {
    }

    /** Ours: the invitee joins with exactly the invited permissions and groups. */
    record Accept(String workspaceId, String inviteId, String userId, String name, Instant now) implements InviteCommand {
    }

    /** Records {@code InviteExpired} for every pending invite whose time is up. */
    record ExpireDue(String workspaceId, Instant now) implements InviteCommand {
    }
}
