package io.iamsuite.identity.domain;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The rules of membership: decide(command, state) -> events. No framework, no I/O. */
public final class MemberDecider {
    private MemberDecider() {
    }

    public static String streamId(String workspaceId, String userId) {
        return "member:" + workspaceId + ":" + userId;
    }

    public static List<IdentityEvent> decide(AddMember command, WorkspaceMembers state) {
        requireWorkspace(command.workspaceId(), state);
        if (state.emailInUse(command.email())) {
            throw new DomainException(DomainException.Kind.CONFLICT, "email",
                    "A member with email " + command.email() + " already exists in this workspace");
        }
        return List.of(new IdentityEvent.MemberAdded(command.userId(), command.email(), command.name(), command.role()));
    }

    /** Changing to the role the member already has changes nothing; the last owner cannot be demoted. */
    public static List<IdentityEvent> decide(ChangeMemberRole command, WorkspaceMembers state) {
        requireWorkspace(command.workspaceId(), state);
        WorkspaceMembers.Member member = requireMember(command.userId(), state, "userId");
        if (member.role() == command.role()) {
            return List.of();
        }
        if (member.role() == MemberRole.OWNER && state.owners() == 1) {
            throw new DomainException(DomainException.Kind.CONFLICT, "role",
                    "User " + command.userId() + " is the last owner of the workspace and cannot be demoted");
        }
        return List.of(new IdentityEvent.MemberRoleChanged(command.userId(), command.role()));
    }

    /**
     * Removes every listed user or none: unknown users are a 404 naming {@code userIds}, and a removal that
     * would leave the workspace without an owner is refused.
     */
    public static List<IdentityEvent> decide(RemoveMembers command, WorkspaceMembers state) {
        return decide(command, state, Groups.empty());
    }

    /** As above; each removed user first leaves every group of the workspace. */
    public static List<IdentityEvent> decide(RemoveMembers command, WorkspaceMembers state, Groups groups) {
        requireWorkspace(command.workspaceId(), state);
        Set<String> ids = new LinkedHashSet<>(command.userIds());
        if (ids.isEmpty()) {
            throw new DomainException(DomainException.Kind.INVALID, "userIds", "Name at least one user");
        }
        List<IdentityEvent> events = new ArrayList<>();
        long ownersLeft = state.owners();
        for (String userId : ids) {
            WorkspaceMembers.Member member = requireMember(userId, state, "userIds");
            if (member.role() == MemberRole.OWNER) {
                ownersLeft--;
            }
            groups.groupsOf(userId).stream().sorted()
                    .forEach(groupId -> events.add(new IdentityEvent.GroupMemberRemoved(groupId, userId)));
            events.add(new IdentityEvent.MemberRemoved(userId, member.email()));
        }
        if (ownersLeft == 0 && state.owners() > 0) {
            throw new DomainException(DomainException.Kind.CONFLICT, "userIds",
                    "The removal would leave the workspace without an owner");
        }
        return events;
    }

    /** Emails are unique per workspace regardless of case. */
    public static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    static void requireWorkspace(String workspaceId, WorkspaceMembers state) {
        if (!state.workspaceExists()) {
            throw new DomainException(DomainException.Kind.NOT_FOUND, "workspaceId",
                    "Workspace " + workspaceId + " does not exist");
        }
    }

    private static WorkspaceMembers.Member requireMember(String userId, WorkspaceMembers state, String field) {
        return state.member(userId).orElseThrow(() -> new DomainException(DomainException.Kind.NOT_FOUND, field,
                "User " + userId + " is not a member of this workspace"));
    }
}
