package io.iamsuite.identity.domain;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.IdentityEvent;

import java.util.List;
import java.util.Locale;

/** The rules of membership: decide(command, state) -> events. No framework, no I/O. */
public final class MemberDecider {
    private MemberDecider() {
    }

    public static String streamId(String workspaceId, String userId) {
        return "member:" + workspaceId + ":" + userId;
    }

    public static List<IdentityEvent> decide(AddMember command, WorkspaceMembers state) {
        if (!state.workspaceExists()) {
            throw new DomainException(DomainException.Kind.NOT_FOUND, "workspaceId",
                    "Workspace " + command.workspaceId() + " does not exist");
        }
        if (state.emailsInUse().contains(normalise(command.email()))) {
            throw new DomainException(DomainException.Kind.CONFLICT, "email",
                    "A member with email " + command.email() + " already exists in this workspace");
        }
        return List.of(new IdentityEvent.MemberAdded(command.userId(), command.email(), command.name(), command.role()));
    }

    /** Emails are unique per workspace regardless of case. */
    public static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
