package io.iamsuite.resource.domain;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.TokenEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which labels the permissions of users, groups, invites and tokens use, learnt from identity-service's and
 * token-service's events: a label in use there cannot be deleted.
 */
public final class PermissionLabels {
    public static final String USER = "USER";
    public static final String GROUP = "GROUP";
    public static final String TOKEN = "TOKEN";
    public static final String INVITE = "INVITE";

    private PermissionLabels() {
    }

    /**
     * What an event does to one subject's label usages: forget all of them ({@code clearSubject}), or those of
     * one grant ({@code revokedGrant}), then record {@code added}. Applying a change twice gives the same state.
     */
    public record Change(String subjectType, String subjectId, boolean clearSubject, String revokedGrant,
                         List<LabelUsage> added) {
        public Change {
            added = List.copyOf(added);
        }
    }

    /** The change of another service's event; empty for events that touch no label-scoped grant. */
    public static Optional<Change> changeOf(DomainEvent event) {
        if (event instanceof IdentityEvent.RoleGranted granted) {
            List<LabelUsage> added = usages(granted.subject().type().name(), granted.subject().id(), List.of(granted.grant()));
            return added.isEmpty() ? Optional.empty() : Optional.of(new Change(granted.subject().type().name(),
                    granted.subject().id(), false, null, added));
        }
        if (event instanceof IdentityEvent.RoleRevoked revoked) {
            return revoked.grant().labelScoped() ? Optional.of(new Change(revoked.subject().type().name(),
                    revoked.subject().id(), false, grantKey(revoked.grant()), List.of())) : Optional.empty();
        }
        if (event instanceof IdentityEvent.MemberRemoved removed) {
            return Optional.of(clear(USER, removed.userId()));
        }
        if (event instanceof IdentityEvent.GroupDeleted deleted) {
            return Optional.of(clear(GROUP, deleted.groupId()));
        }
        if (event instanceof IdentityEvent.InviteSent sent) {
            return Optional.of(new Change(INVITE, sent.inviteId(), true, null,
                    usages(INVITE, sent.inviteId(), sent.grants())));
        }
        if (event instanceof IdentityEvent.InviteRevoked revoked) {
            return Optional.of(clear(INVITE, revoked.inviteId()));
        }
        if (event instanceof IdentityEvent.InviteExpired expired) {
            return Optional.of(clear(INVITE, expired.inviteId()));
        }
        if (event instanceof IdentityEvent.InviteAccepted accepted) {
            // The invitee's own RoleGranted events follow in the same commit.
            return Optional.of(clear(INVITE, accepted.inviteId()));
        }
        if (event instanceof TokenEvent.TokenIssued issued) {
            return Optional.of(new Change(TOKEN, issued.tokenId(), true, null,
                    usages(TOKEN, issued.tokenId(), issued.grants())));
        }
        if (event instanceof TokenEvent.TokenPermissionsReplaced replaced) {
            return Optional.of(new Change(TOKEN, replaced.tokenId(), true, null,
                    usages(TOKEN, replaced.tokenId(), replaced.grants())));
        }
        if (event instanceof TokenEvent.TokenRevoked revoked) {
            return Optional.of(clear(TOKEN, revoked.tokenId()));
        }
        if (event instanceof TokenEvent.TokenExpired expired) {
            return Optional.of(clear(TOKEN, expired.tokenId()));
        }
        return Optional.empty();
    }

    /** A grant as issued: {@code roleId|TYPE:id|key:value,key:value} with the labels sorted. */
    public static String grantKey(Grant grant) {
        return grant.roleId() + '|' + grant.resource().type() + ':' + grant.resource().id() + '|'
                + joined(grant.labels());
    }

    /**
     * The usages after a label rename: every grant using {@code from} uses {@code to} instead and is identified
     * by its relabelled key, as identity-service and token-service relabel their stored grants on the same event
     * (a later revocation names the grant with the new label). Usages of other grants are unchanged.
     */
    public static Set<LabelUsage> relabel(Collection<LabelUsage> usages, LabelRef from, LabelRef to) {
        Map<String, List<LabelUsage>> byGrant = new HashMap<>();
        for (LabelUsage usage : usages) {
            byGrant.computeIfAbsent(usage.subjectType() + "\n" + usage.subjectId() + "\n" + usage.grantKey(),
                    k -> new ArrayList<>()).add(usage);
        }
        Set<LabelUsage> result = new HashSet<>();
        for (List<LabelUsage> grant : byGrant.values()) {
            if (grant.stream().noneMatch(u -> u.label().equals(from))) {
                result.addAll(grant);
                continue;
            }
            List<LabelRef> labels = grant.stream().map(u -> u.label().equals(from) ? to : u.label()).distinct().toList();
            String oldKey = grant.get(0).grantKey();
            String key = oldKey.substring(0, oldKey.lastIndexOf('|')) + '|' + joined(labels);
            for (LabelRef label : labels) {
                result.add(new LabelUsage(grant.get(0).subjectType(), grant.get(0).subjectId(), key, label));
            }
        }
        return result;
    }

    private static String joined(List<LabelRef> labels) {
        List<LabelRef> sorted = new ArrayList<>(labels);
        sorted.sort(Comparator.comparing(LabelRef::key).thenComparing(LabelRef::value));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sorted.size(); i++) {
            text.append(i == 0 ? "" : ",").append(sorted.get(i));
        }
        return text.toString();
    }

    private static Change clear(String type, String id) {
        return new Change(type, id, true, null, List.of());
    }

    private static List<LabelUsage> usages(String type, String id, List<Grant> grants) {
        List<LabelUsage> usages = new ArrayList<>();
        for (Grant grant : grants) {
            String key = grantKey(grant);
            for (LabelRef label : grant.labels()) {
                usages.add(new LabelUsage(type, id, key, label));
            }
        }
        return usages;
    }
}
