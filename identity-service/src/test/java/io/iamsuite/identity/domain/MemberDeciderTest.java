package io.iamsuite.identity.domain;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specifications of membership: given these events, when this command, then these events or this error. */
class MemberDeciderTest {
    private static final String WS = "ws_1";
    private static final DomainEvent WORKSPACE = new ResourceEvent.WorkspaceCreated(WS, "Acme", "acme");

    private static WorkspaceMembers given(DomainEvent... history) {
        WorkspaceMembers state = WorkspaceMembers.empty();
        for (DomainEvent event : history) {
            state = state.evolve(event);
        }
        return state;
    }

    @Test
    void adding_an_owner_to_an_existing_workspace_emits_member_added() {
        var when = new AddMember(WS, "usr_1", "ada@example.com", "Ada", MemberRole.OWNER);

        assertThat(MemberDecider.decide(when, given(WORKSPACE)))
                .containsExactly(new IdentityEvent.MemberAdded("usr_1", "ada@example.com", "Ada", MemberRole.OWNER));
    }

    @Test
    void adding_a_plain_member_emits_member_added_with_member_role() {
        var when = new AddMember(WS, "usr_2", "bob@example.com", "Bob", MemberRole.MEMBER);

        assertThat(MemberDecider.decide(when, given(WORKSPACE)))
                .containsExactly(new IdentityEvent.MemberAdded("usr_2", "bob@example.com", "Bob", MemberRole.MEMBER));
    }

    @Test
    void adding_to_an_unknown_workspace_is_refused_naming_the_workspace() {
        var when = new AddMember(WS, "usr_1", "ada@example.com", "Ada", MemberRole.OWNER);

        assertThatThrownBy(() -> MemberDecider.decide(when, given()))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.NOT_FOUND);
                    assertThat(e.field()).isEqualTo("workspaceId");
                });
    }

    @Test
    void an_email_already_used_in_any_case_is_a_conflict_on_email() {
        var history = given(WORKSPACE, new IdentityEvent.MemberAdded("usr_1", "Ada@Example.com", "Ada", MemberRole.OWNER));

        for (String email : List.of("ada@example.com", "ADA@EXAMPLE.COM", " ada@example.COM ")) {
            assertThatThrownBy(() -> MemberDecider.decide(new AddMember(WS, "usr_9", email, "", MemberRole.MEMBER), history))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DomainException.Kind.CONFLICT);
                        assertThat(e.field()).isEqualTo("email");
                    });
        }
    }

    @Test
    void an_email_freed_by_a_removal_can_be_used_again() {
        var history = given(WORKSPACE, new IdentityEvent.MemberAdded("usr_1", "ada@example.com", "Ada", MemberRole.OWNER),
                new IdentityEvent.MemberRemoved("usr_1", "ada@example.com"));

        assertThat(MemberDecider.decide(new AddMember(WS, "usr_2", "ada@example.com", "Ada", MemberRole.MEMBER), history))
                .hasSize(1);
    }

    private static final DomainEvent ADA_OWNER = new IdentityEvent.MemberAdded("ada", "ada@example.com", "Ada", MemberRole.OWNER);
    private static final DomainEvent BOB_MEMBER = new IdentityEvent.MemberAdded("bob", "bob@example.com", "Bob", MemberRole.MEMBER);

    private static void assertRefused(Runnable decision, DomainException.Kind kind, String field) {
        assertThatThrownBy(decision::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    @Test
    void promoting_a_member_emits_the_role_change() {
        assertThat(MemberDecider.decide(new ChangeMemberRole(WS, "bob", MemberRole.OWNER), given(WORKSPACE, ADA_OWNER, BOB_MEMBER)))
                .containsExactly(new IdentityEvent.MemberRoleChanged("bob", MemberRole.OWNER));
    }

    @Test
    void demoting_an_owner_while_another_owner_remains_is_allowed() {
        var history = given(WORKSPACE, ADA_OWNER, BOB_MEMBER, new IdentityEvent.MemberRoleChanged("bob", MemberRole.OWNER));

        assertThat(MemberDecider.decide(new ChangeMemberRole(WS, "ada", MemberRole.MEMBER), history))
                .containsExactly(new IdentityEvent.MemberRoleChanged("ada", MemberRole.MEMBER));
    }

    @Test
    void the_last_owner_cannot_be_demoted() {
        assertRefused(() -> MemberDecider.decide(new ChangeMemberRole(WS, "ada", MemberRole.MEMBER),
                given(WORKSPACE, ADA_OWNER, BOB_MEMBER)), DomainException.Kind.CONFLICT, "role");
    }

    @Test
    void changing_to_the_role_already_held_changes_nothing() {
        assertThat(MemberDecider.decide(new ChangeMemberRole(WS, "bob", MemberRole.MEMBER), given(WORKSPACE, ADA_OWNER, BOB_MEMBER)))
                .isEmpty();
    }

    @Test
    void changing_the_role_of_a_stranger_is_a_404_on_user_id() {
        assertRefused(() -> MemberDecider.decide(new ChangeMemberRole(WS, "eve", MemberRole.OWNER),
                given(WORKSPACE, ADA_OWNER)), DomainException.Kind.NOT_FOUND, "userId");
    }

    @Test
    void removing_members_emits_one_removal_each() {
        assertThat(MemberDecider.decide(new RemoveMembers(WS, List.of("bob")), given(WORKSPACE, ADA_OWNER, BOB_MEMBER)))
                .containsExactly(new IdentityEvent.MemberRemoved("bob", "bob@example.com"));
    }

    @Test
    void the_last_owner_cannot_be_removed_alone_or_with_others() {
        var history = given(WORKSPACE, ADA_OWNER, BOB_MEMBER);
        assertRefused(() -> MemberDecider.decide(new RemoveMembers(WS, List.of("ada")), history),
                DomainException.Kind.CONFLICT, "userIds");
        assertRefused(() -> MemberDecider.decide(new RemoveMembers(WS, List.of("bob", "ada")), history),
                DomainException.Kind.CONFLICT, "userIds");
    }

    @Test
    void removing_an_owner_while_another_owner_remains_is_allowed() {
        var history = given(WORKSPACE, ADA_OWNER, BOB_MEMBER, new IdentityEvent.MemberRoleChanged("bob", MemberRole.OWNER));

        assertThat(MemberDecider.decide(new RemoveMembers(WS, List.of("ada")), history)).hasSize(1);
    }

    @Test
    void removing_a_stranger_removes_nobody() {
        assertRefused(() -> MemberDecider.decide(new RemoveMembers(WS, List.of("bob", "eve")), given(WORKSPACE, ADA_OWNER, BOB_MEMBER)),
                DomainException.Kind.NOT_FOUND, "userIds");
    }

    @Test
    void removal_in_one_workspace_needs_membership_there() {
        assertRefused(() -> MemberDecider.decide(new RemoveMembers(WS, List.of("ada")), given(WORKSPACE)),
                DomainException.Kind.NOT_FOUND, "userIds");
    }
}
