package io.iamsuite.bench.dataset;

import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;

import java.util.List;
import java.util.Map;

/**
 * A generated dataset as plain data, the one source every benchmark (ours and each peer's encoding) is built from.
 * Workspaces are independent tenants: a subject and a resource belong to exactly one. Ids repeat across workspaces
 * ({@code u_1} exists in every workspace), so a peer must scope everything by workspace (its domain, tenant or
 * scope), as we do.
 *
 * <p>The access model is the suite's (docs/roles.md): owners (users with {@link MemberRole#OWNER}, tokens with
 * {@link TokenEvent.Access#OWNER}) can do everything in their workspace; members and member tokens what the union of
 * their grants (and, for users, their groups' grants) allows; a grant's role confers the catalogue's actions
 * ({@code platform/catalogue/src/main/resources/iam/roles.v1.json}) on the workspace (every resource of the role's
 * types), on one listed resource (a source grant also reaches the source's destinations, for the roles that inherit
 * through {@code parentSource}), or on the workspace with labels (every resource carrying ALL the labels; a
 * destination through its source's labels).
 */
public record Dataset(DatasetSpec spec, List<Workspace> workspaces) {

    /** One tenant. Lists are in generation order; everything here is immutable. */
    public record Workspace(String id, List<LabelRef> labels, List<Resource> resources, List<Member> members,
                            Map<String, List<String>> groups, List<Token> tokens, List<Held> grants) {
    }

    /**
     * A resource: a source (no parent) or a destination (whose parent is a source of the same workspace). Labels are
     * those assigned to the resource itself; a destination has none of its own.
     */
    public record Resource(ResourceRef ref, String parentSourceId, List<LabelRef> labels) {
    }

    public record Member(String userId, MemberRole role) {
    }

    /** An API token; its grants are in {@link Workspace#grants()} with a TOKEN holder. */
    public record Token(String tokenId, TokenEvent.Access access) {
    }

    /** A grant held by a user, a group or a token. */
    public record Held(Subject holder, Grant grant) {
    }

    /** One permission question; {@code subject} is a USER or a TOKEN. */
    public record Question(String workspaceId, Subject subject, String action, ResourceRef resource) {
    }

    public long users() {
        return workspaces.stream().mapToLong(w -> w.members().size()).sum();
    }

    public long groups() {
        return workspaces.stream().mapToLong(w -> w.groups().size()).sum();
    }

    public long memberships() {
        return workspaces.stream().mapToLong(w -> w.groups().values().stream().mapToLong(List::size).sum()).sum();
    }

    public long resources() {
        return workspaces.stream().mapToLong(w -> w.resources().size()).sum();
    }

    public long grants() {
        return workspaces.stream().mapToLong(w -> w.grants().size()).sum();
    }

    public long tokens() {
        return workspaces.stream().mapToLong(w -> w.tokens().size()).sum();
    }

    /** e.g. {@code medium: 1,001 workspaces, 100,001 users, ...}. */
    public String describe() {
        return String.format("%s: %,d workspaces, %,d users, %,d groups, %,d memberships, %,d resources, %,d grants, %,d tokens",
                spec.name(), workspaces.size(), users(), groups(), memberships(), resources(), grants(), tokens());
    }
}
