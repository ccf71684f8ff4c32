package io.iamsuite.policy.domain;

import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;

import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;

/**
 * The indexes of one workspace, read-only and live (every call reads the current state): what the access-change
 * feed needs to find the subjects and resources an event can touch without scanning the workspace.
 */
public final class WorkspaceView {
    private final WorkspaceState state;

    WorkspaceView(WorkspaceState state) {
        this.state = state;
    }

    public String id() {
        return state.id;
    }

    /** The member's role, or null for a user who is not a member. */
    public MemberRole memberRole(String userId) {
        return state.members.get(userId);
    }

    /** Every member and role (a read-only view). */
    public Map<String, MemberRole> members() {
        return java.util.Collections.unmodifiableMap(state.members);
    }

    /** A live token's access, or null if the token is not live. */
    public TokenEvent.Access tokenAccess(String tokenId) {
        return state.tokens.get(tokenId);
    }

    /** Every live token and its access (a read-only view). */
    public Map<String, TokenEvent.Access> tokens() {
        return java.util.Collections.unmodifiableMap(state.tokens);
    }

    /** Every user, group and token holding at least one grant. */
    public Set<Subject> grantHolders() {
        return java.util.Collections.unmodifiableSet(state.grants.keySet());
    }

    public List<Grant> grantsOf(Subject subject) {
        return state.grantsOf(subject);
    }

    /** Every existing group (a read-only view). */
    public Set<String> groups() {
        return java.util.Collections.unmodifiableSet(state.groups);
    }

    public Set<String> groupsOf(String userId) {
        return state.groupsOf(userId);
    }

    public Set<String> usersOf(String groupId) {
        return state.usersOfGroup.getOrDefault(groupId, Set.of());
    }

    /** The grant as the projection would keep it: labels sorted, renamed labels replaced by their new names. */
    public Grant canonical(Grant grant) {
        return state.canonical(grant);
    }

    /** Created and not deleted; the workspace itself always. */
    public boolean exists(ResourceRef ref) {
        if (ref.type() == ResourceType.WORKSPACE) {
            return ref.id().equals(state.id);
        }
        return state.live.get(ref.type()).contains(ref.id());
    }

    /** The live ids of a type, sorted. */
    public NavigableSet<String> live(ResourceType type) {
        return java.util.Collections.unmodifiableNavigableSet(state.live.get(type));
    }

    public Set<LabelRef> labelsOf(ResourceRef ref) {
        WorkspaceState.ResourceState resource = state.resources.get(ref);
        return resource == null ? Set.of() : resource.labels();
    }

    /** The resources carrying the label. */
    public Set<ResourceRef> carriers(LabelRef label) {
        Set<ResourceRef> carriers = state.resourcesByLabel.get(label);
        return carriers == null ? Set.of() : java.util.Collections.unmodifiableSet(carriers);
    }

    /** The destinations whose parent is the source. */
    public Set<String> destinationsOf(String sourceId) {
        Set<String> children = state.destinationsOfSource.get(sourceId);
        return children == null ? Set.of() : java.util.Collections.unmodifiableSet(children);
    }
}
