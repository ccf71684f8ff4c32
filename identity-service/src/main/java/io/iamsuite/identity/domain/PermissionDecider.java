package io.iamsuite.identity.domain;

import io.iamsuite.catalogue.GrantValidator;
import io.iamsuite.catalogue.KnownResources;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.Subject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of permissions (Segment's policies) of users and groups: every grant is validated by the shared
 * {@link GrantValidator} (catalogue and what exists in the workspace), then turned into {@code RoleGranted} /
 * {@code RoleRevoked} events. Granting what the subject already holds is a no-op, so a retried request emits
 * nothing twice. No framework, no I/O.
 */
public final class PermissionDecider {
    /** More grants in one request than this is refused. */
    public static final int MAX_GRANTS_PER_REQUEST = GrantValidator.MAX_GRANTS_PER_REQUEST;

    private PermissionDecider() {
    }

    public static List<IdentityEvent> decide(ChangePermissions command, WorkspaceMembers members, Groups groups,
                                             Permissions permissions, KnownResources known, RoleCatalogue catalogue) {
        MemberDecider.requireWorkspace(command.workspaceId(), members);
        Subject subject = command.subject();
        WorkspaceMembers.Member member = null;
        if (subject.type() == Subject.Type.USER) {
            member = members.member(subject.id()).orElseThrow(() -> new DomainException(
                    DomainException.Kind.NOT_FOUND, "userId", "User " + subject.id() + " is not in this workspace"));
        } else if (subject.type() == Subject.Type.GROUP) {
            if (groups.group(subject.id()).isEmpty()) {
                throw new DomainException(DomainException.Kind.NOT_FOUND, "groupId",
                        "User group " + subject.id() + " does not exist");
            }
        } else {
            throw new IllegalArgumentException("identity-service holds no grants of " + subject.type());
        }
        if (!command.replace() && command.permissions().isEmpty()) {
            throw new DomainException(DomainException.Kind.INVALID, "permissions", "Give at least one permission");
        }
        GrantValidator.Resolved resolved = GrantValidator.resolve(command.workspaceId(), subject.type(),
                command.permissions(), "permissions", known, catalogue);

        List<IdentityEvent> events = new ArrayList<>();
        if (member != null) {
            if (resolved.owner() && member.role() != MemberRole.OWNER) {
                events.add(new IdentityEvent.MemberRoleChanged(member.userId(), MemberRole.OWNER));
            } else if (command.replace() && !resolved.owner() && member.role() == MemberRole.OWNER) {
                // Owner is a role in Segment: a replacement without it demotes, unless it is the last owner.
                events.addAll(MemberDecider.decide(
                        new ChangeMemberRole(command.workspaceId(), member.userId(), MemberRole.MEMBER), members));
            }
        }
        Set<Grant> held = permissions.of(subject);
        Set<Grant> wanted = new LinkedHashSet<>(resolved.grants());
        if (command.replace()) {
            held.stream().filter(g -> !wanted.contains(g)).sorted(grantOrder())
                    .forEach(g -> events.add(new IdentityEvent.RoleRevoked(subject, g)));
        }
        wanted.stream().filter(g -> !held.contains(g))
                .forEach(g -> events.add(new IdentityEvent.RoleGranted(subject, g)));
        return events;
    }

    /** A stable order for revocations: by role, target, then labels. */
    static Comparator<Grant> grantOrder() {
        return Comparator.comparing(Grant::roleId)
                .thenComparing(g -> g.resource().type())
                .thenComparing(g -> g.resource().id())
                .thenComparing(g -> g.labels().toString());
    }
}
