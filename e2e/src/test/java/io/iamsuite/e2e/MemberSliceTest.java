package io.iamsuite.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.iamsuite.e2e.Api.atLeastAsFresh;
import static io.iamsuite.e2e.Api.fullyConsistent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first slice end to end: resource-service creates a workspace, identity-service adds members (after learning
 * about the workspace from Kafka), policy-service projects both and answers checks with read-your-writes tokens.
 */
@ExtendWith(RunningSuite.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberSliceTest {
    /** Owners may do anything in their workspace, members nothing yet (no grants exist): a few samples. */
    /** Stands for the checked workspace's own id (a WORKSPACE resource is the workspace itself). */
    private static final String THIS_WORKSPACE = "{this workspace}";
    private static final List<List<String>> PERMISSIONS = List.of(
            List.of("source.update", "SOURCE", "src_1"),
            List.of("source.read", "SOURCE", "src_other"),
            List.of("workspace.update", "WORKSPACE", THIS_WORKSPACE),
            List.of("destination.delete", "DESTINATION", "dst_1"),
            List.of("function.update", "FUNCTION", "fn_1"),
            List.of("tracking-plan.update", "TRACKING_PLAN", "tp_1"));

    private final Api api;
    private Api.Workspace workspace;
    private Api.Member owner;
    private Api.Member member;

    MemberSliceTest(Suite suite) {
        this.api = new Api(suite);
    }

    @BeforeAll
    void ownerAndMember() {
        workspace = api.createWorkspace();
        owner = api.addMember(workspace.id(), "owner-" + Api.unique() + "@example.com", "OWNER");
        member = api.addMember(workspace.id(), "member-" + Api.unique() + "@example.com", "MEMBER");
        assertThat(owner.role()).isEqualTo("OWNER");
        assertThat(member.role()).isEqualTo("MEMBER");
        assertThat(owner.id()).isNotEqualTo(member.id());
    }

    @Test
    void eachWritesTokenShowsThatWrite() {
        // The owner's token alone: the owner was added by then.
        assertThat(api.check(workspace.id(), owner.id(), atLeastAsFresh(owner.token())))
                .as("owner with the owner's token").isTrue();
        // The member's token: the member exists, and has no permission.
        assertThat(api.check(workspace.id(), member.id(), atLeastAsFresh(member.token())))
                .as("member with the member's token").isFalse();
    }

    @Test
    void ownerIsAllowedAndMemberDeniedOnAnyPermission() {
        var consistency = atLeastAsFresh(member.token());
        for (List<String> p : PERMISSIONS) {
            String id = resourceId(p, workspace);
            assertThat(api.check(workspace.id(), owner.id(), p.get(0), p.get(1), id, consistency))
                    .as("owner: %s", p).isTrue();
            assertThat(api.check(workspace.id(), member.id(), p.get(0), p.get(1), id, consistency))
                    .as("member: %s", p).isFalse();
        }
    }

    @Test
    void combinedTokens() {
        var both = atLeastAsFresh(owner.token(), member.token());
        assertThat(api.check(workspace.id(), owner.id(), both)).as("owner, both tokens").isTrue();
        assertThat(api.check(workspace.id(), member.id(), both)).as("member, both tokens").isFalse();
        // In the other order, and together with the workspace's creation token.
        var all = atLeastAsFresh(member.token(), workspace.token(), owner.token());
        assertThat(api.check(workspace.id(), owner.id(), all)).as("owner, three tokens").isTrue();
        assertThat(api.check(workspace.id(), member.id(), all)).as("member, three tokens").isFalse();
    }

    @Test
    void fullyConsistentCheck() {
        assertThat(api.check(workspace.id(), owner.id(), fullyConsistent())).as("owner, fullyConsistent").isTrue();
        assertThat(api.check(workspace.id(), member.id(), fullyConsistent())).as("member, fullyConsistent").isFalse();
    }

    @Test
    void unknownUserIsDenied() {
        assertThat(api.check(workspace.id(), "usr_" + Api.unique(), fullyConsistent())).isFalse();
    }

    @Test
    void tenantIsolation() {
        Api.Workspace other = api.createWorkspace();
        Api.Member otherOwner = api.addMember(other.id(), "owner-" + Api.unique() + "@example.com", "OWNER");
        assertThat(api.check(other.id(), otherOwner.id(), atLeastAsFresh(otherOwner.token())))
                .as("the other workspace's owner in the other workspace").isTrue();

        // Our owner is nobody in the other workspace, and the other owner is nobody in ours.
        assertThat(api.check(other.id(), owner.id(), atLeastAsFresh(otherOwner.token())))
                .as("our owner, checked in the other workspace").isFalse();
        assertThat(api.check(workspace.id(), otherOwner.id(), atLeastAsFresh(owner.token(), member.token())))
                .as("the other owner, checked in our workspace").isFalse();
        assertThat(api.check(workspace.id(), otherOwner.id(), fullyConsistent()))
                .as("the other owner, checked in our workspace, fullyConsistent").isFalse();
        for (List<String> p : PERMISSIONS) {
            assertThat(api.check(workspace.id(), otherOwner.id(), p.get(0), p.get(1), resourceId(p, workspace),
                    fullyConsistent())).as("the other owner in our workspace: %s", p).isFalse();
        }
    }

    @Test
    void aTokenOfAnotherWorkspaceIsRejected() {
        Api.Workspace other = api.createWorkspace();
        var response = api.postCheck(Api.checkBody(workspace.id(), owner.id(), "source.update", "SOURCE", "src_1",
                Map.of("atLeastAsFresh", List.of(owner.token(), other.token()))));
        Api.assertError(response, 422, "consistency.atLeastAsFresh[1]");
    }

    private static String resourceId(List<String> permission, Api.Workspace workspace) {
        return THIS_WORKSPACE.equals(permission.get(2)) ? workspace.id() : permission.get(2);
    }
}
