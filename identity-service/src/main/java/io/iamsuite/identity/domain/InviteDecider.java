package io.iamsuite.identity.domain;

import io.iamsuite.catalogue.KnownResources;
import io.iamsuite.catalogue.GrantValidator;
import io.iamsuite.catalogue.Role;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.catalogue.RoleKind;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of invites. An email is invited at most once at a time and never while it is a member; the
 * invite's permissions are validated like a user's (so an invite can never hand out what a grant could not);
 * accepting needs a pending, unexpired invite and turns it into exactly the invited membership: owner if the
 * invite names Workspace Owner, the other grants, and every group that holds the invite at that moment.
 */
public final class InviteDecider {
    /** More invites than this in one call is refused (Segment rate-limits the operation to 60 per minute). */
    public static final int MAX_INVITES_PER_REQUEST = 100;

    private InviteDecider() {
    }

    public static String streamId(String workspaceId, String inviteId) {
        return "invite:" + workspaceId + ":" + inviteId;
    }

    public static List<IdentityEvent> decide(InviteCommand command, WorkspaceMembers members, Groups groups,
                                             Invites invites, KnownResources known, RoleCatalogue catalogue) {
        MemberDecider.requireWorkspace(command.workspaceId(), members);
        if (command instanceof InviteCommand.Create create) {
            return create(create, members, groups, invites, known, catalogue);
        }
        if (command instanceof InviteCommand.Revoke revoke) {
            return revoke(revoke, groups, invites);
        }
        if (command instanceof InviteCommand.Resend resend) {
            Invites.Invite invite = require(resend.inviteId(), invites);
            if (invite.status() != Invites.Status.PENDING) {
                throw new DomainException(DomainException.Kind.CONFLICT, "inviteId", "The invite was "
                        + invite.status().name().toLowerCase() + "; create a new one");
            }
            return List.of(new IdentityEvent.InviteResent(invite.inviteId(), resend.now().plus(resend.ttl())));
        }
        if (command instanceof InviteCommand.Accept accept) {
            return accept(accept, members, groups, invites, catalogue);
        }
        InviteCommand.ExpireDue expire = (InviteCommand.ExpireDue) command;
        List<IdentityEvent> events = new ArrayList<>();
        invites.invites().values().stream()
                .filter(i -> i.status() == Invites.Status.PENDING && !i.pendingAt(expire.now()))
                .sorted(java.util.Comparator.comparing(Invites.Invite::inviteId))
                .forEach(i -> {
                    leaveGroups(i, groups, events);
                    events.add(new IdentityEvent.InviteExpired(i.inviteId(), i.email()));
                });
        return events;
    }

    private static List<IdentityEvent> create(InviteCommand.Create create, WorkspaceMembers members, Groups groups,
                                              Invites invites, KnownResources known, RoleCatalogue catalogue) {
        if (create.invites().isEmpty()) {
            throw new DomainException(DomainException.Kind.INVALID, "invites", "Give at least one invite");
        }
        if (create.invites().size() > MAX_INVITES_PER_REQUEST) {
            throw new DomainException(DomainException.Kind.INVALID, "invites",
                    "At most " + MAX_INVITES_PER_REQUEST + " invites per call");
        }
        Role owner = catalogue.roles().stream().filter(r -> r.kind() == RoleKind.OWNER).findFirst().orElseThrow();
        Set<String> emails = new HashSet<>();
        List<IdentityEvent> events = new ArrayList<>();
        for (int i = 0; i < create.invites().size(); i++) {
            InviteCommand.NewInvite invite = create.invites().get(i);
            String at = "invites[" + i + "]";
            String email = invite.email();
            if (!emails.add(MemberDecider.normalise(email))) {
                throw new DomainException(DomainException.Kind.INVALID, at + ".email",
                        email + " is listed twice in this request");
            }
            if (members.emailInUse(email)) {
                throw new DomainException(DomainException.Kind.CONFLICT, at + ".email",
                        email + " is already a member of this workspace");
            }
            if (invites.openFor(email).filter(open -> open.pendingAt(create.now())).isPresent()) {
                throw new DomainException(DomainException.Kind.CONFLICT, at + ".email", email
                        + " is already invited; resend the invite (POST /invites/{inviteId}/resend) or delete it first");
            }
            GrantValidator.Resolved resolved = GrantValidator.resolve(create.workspaceId(), Subject.Type.USER,
                    invite.permissions(), at + ".permissions", known, catalogue);
            List<Grant> grants = new ArrayList<>();
            if (resolved.owner()) {
                grants.add(Grant.on(owner.id(), ResourceRef.workspace(create.workspaceId())));
            }
            grants.addAll(resolved.grants());
            Set<String> groupIds = new LinkedHashSet<>();
            for (int k = 0; k < invite.groupIds().size(); k++) {
                String groupId = invite.groupIds().get(k);
                if (groups.group(groupId).isEmpty()) {
                    throw new DomainException(DomainException.Kind.NOT_FOUND, at + ".groupIds[" + k + "]",
                            "User group " + groupId + " does not exist");
                }
                groupIds.add(groupId);
            }
            List<String> joined = List.copyOf(groupIds);
            events.add(new IdentityEvent.InviteSent(invite.inviteId(), email, grants, joined,
                    create.now().plus(create.ttl())));
            joined.forEach(groupId -> events.add(new IdentityEvent.GroupInviteAdded(groupId, invite.inviteId(), email)));
        }
        return events;
    }

    private static List<IdentityEvent> revoke(InviteCommand.Revoke revoke, Groups groups, Invites invites) {
        if (revoke.emails().isEmpty()) {
            throw new DomainException(DomainException.Kind.INVALID, "emails", "Name the emails whose invites to delete");
        }
        List<IdentityEvent> events = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String email : revoke.emails()) {
            if (!seen.add(MemberDecider.normalise(email))) {
                continue;
            }
            invites.openFor(email).ifPresentOrElse(invite -> {
                leaveGroups(invite, groups, events);
                events.add(new IdentityEvent.InviteRevoked(invite.inviteId(), invite.email()));
            }, () -> unknown.add(email));
        }
        if (!unknown.isEmpty()) {
            throw new DomainException(DomainException.Kind.NOT_FOUND, "emails",
                    "No open invite for: " + String.join(", ", unknown));
        }
        return events;
    }

    private static List<IdentityEvent> accept(InviteCommand.Accept accept, WorkspaceMembers members, Groups groups,
                                              Invites invites, RoleCatalogue catalogue) {
        Invites.Invite invite = require(accept.inviteId(), invites);
        if (invite.status() != Invites.Status.PENDING) {
            throw new DomainException(DomainException.Kind.CONFLICT, "inviteId",
                    "The invite was " + invite.status().name().toLowerCase() + " and cannot be accepted");
        }
        if (!invite.pendingAt(accept.now())) {
            throw new DomainException(DomainException.Kind.CONFLICT, "inviteId",
                    "The invite expired at " + invite.expiresAt() + " and cannot be accepted; ask for a new one");
        }
        if (members.emailInUse(invite.email())) {
            throw new DomainException(DomainException.Kind.CONFLICT, "email",
                    invite.email() + " is already a member of this workspace");
        }
        boolean owner = invite.grants().stream()
                .anyMatch(g -> catalogue.role(g.roleId()).map(r -> r.kind() == RoleKind.OWNER).orElse(false));
        List<IdentityEvent> events = new ArrayList<>();
        events.add(new IdentityEvent.InviteAccepted(invite.inviteId(), invite.email(), accept.userId()));
        events.add(new IdentityEvent.MemberAdded(accept.userId(), invite.email(), accept.name(),
                owner ? MemberRole.OWNER : MemberRole.MEMBER));
        Subject user = Subject.user(accept.userId());
        invite.grants().stream()
                .filter(g -> catalogue.role(g.roleId()).map(r -> r.kind() != RoleKind.OWNER).orElse(true))
                .forEach(g -> events.add(new IdentityEvent.RoleGranted(user, g)));
        groups.groupsHolding(invite.inviteId()).stream().sorted().forEach(groupId -> {
            events.add(new IdentityEvent.GroupInviteRemoved(groupId, invite.inviteId(), invite.email()));
            events.add(new IdentityEvent.GroupMemberAdded(groupId, accept.userId()));
        });
        return events;
    }

    private static void leaveGroups(Invites.Invite invite, Groups groups, List<IdentityEvent> events) {
        groups.groupsHolding(invite.inviteId()).stream().sorted().forEach(groupId ->
                events.add(new IdentityEvent.GroupInviteRemoved(groupId, invite.inviteId(), invite.email())));
    }

    private static Invites.Invite require(String inviteId, Invites invites) {
        return invites.invite(inviteId).orElseThrow(() -> new DomainException(DomainException.Kind.NOT_FOUND,
                "inviteId", "No invite " + inviteId + " in this workspace"));
    }
}
