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

/** Specifications of user groups: given these events, when this command, then these events or this error. */
class GroupDeciderTest {
    private static final String WS = "ws_1";
    private static final List<DomainEvent> BASE = List.of(
            new ResourceEvent.WorkspaceCreated(WS, "Acme", "acme"),
            new IdentityEvent.MemberAdded("ada", "ada@example.com", "Ada", MemberRole.OWNER),
            new IdentityEvent.MemberAdded("bob", "bob@example.com", "Bob", MemberRole.MEMBER),
            new IdentityEvent.MemberAdded("cy", "cy@example.com", "Cy", MemberRole.MEMBER),
            new IdentityEvent.GroupCreated("g1", "Engineers"),
            new IdentityEvent.GroupMemberAdded("g1", "bob"));

    private static List<IdentityEvent> when(GroupCommand command, DomainEvent... more) {
        WorkspaceMembers members = WorkspaceMembers.empty();
        Groups groups = Groups.empty();
        for (DomainEvent event : BASE) {
            members = members.evolve(event);
            groups = groups.evolve(event);
        }
        for (DomainEvent event : more) {
            members = members.evolve(event);
            groups = groups.evolve(event);
        }
        return GroupDecider.decide(command, members, groups);
    }

    private static void refused(Runnable decision, DomainException.Kind kind, String field) {
        assertThatThrownBy(decision::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    @Test
    void creating_a_group_emits_group_created() {
        assertThat(when(new GroupCommand.Create(WS, "g2", "Analysts")))
                .containsExactly(new IdentityEvent.GroupCreated("g2", "Analysts"));
    }

    @Test
    void a_group_name_in_use_in_any_case_is_a_conflict_on_name() {
        refused(() -> when(new GroupCommand.Create(WS, "g2", "ENGINEERS")), DomainException.Kind.CONFLICT, "name");
        refused(() -> when(new GroupCommand.Rename(WS, "g2", "engineers"), new IdentityEvent.GroupCreated("g2", "Ops")),
                DomainException.Kind.CONFLICT, "name");
    }

    @Test
    void renaming_emits_group_renamed_and_the_same_name_changes_nothing() {
        assertThat(when(new GroupCommand.Rename(WS, "g1", "Platform"))).containsExactly(new IdentityEvent.GroupRenamed("g1", "Platform"));
        assertThat(when(new GroupCommand.Rename(WS, "g1", "Engineers"))).isEmpty();
    }

    @Test
    void an_unknown_group_is_a_404_on_group_id() {
        refused(() -> when(new GroupCommand.Delete(WS, "nope")), DomainException.Kind.NOT_FOUND, "groupId");
    }

    @Test
    void adding_members_by_email_adds_only_those_not_yet_in_the_group() {
        assertThat(when(new GroupCommand.AddMembers(WS, "g1", List.of("BOB@example.com", "cy@example.com"))))
                .containsExactly(new IdentityEvent.GroupMemberAdded("g1", "cy"));
    }

    @Test
    void an_email_that_is_no_member_is_a_404_on_emails_and_adds_nobody() {
        refused(() -> when(new GroupCommand.AddMembers(WS, "g1", List.of("cy@example.com", "eve@example.com"))),
                DomainException.Kind.NOT_FOUND, "emails");
    }

    @Test
    void replacing_members_removes_the_missing_and_adds_the_new() {
        assertThat(when(new GroupCommand.ReplaceMembers(WS, "g1", List.of("ada@example.com", "cy@example.com"))))
                .containsExactly(new IdentityEvent.GroupMemberRemoved("g1", "bob"),
                        new IdentityEvent.GroupMemberAdded("g1", "ada"),
                        new IdentityEvent.GroupMemberAdded("g1", "cy"));
        assertThat(when(new GroupCommand.ReplaceMembers(WS, "g1", List.of()))).containsExactly(
                new IdentityEvent.GroupMemberRemoved("g1", "bob"));
    }

    @Test
    void removing_members_removes_only_those_in_the_group() {
        assertThat(when(new GroupCommand.RemoveMembers(WS, "g1", List.of("bob@example.com", "cy@example.com"))))
                .containsExactly(new IdentityEvent.GroupMemberRemoved("g1", "bob"));
    }

    @Test
    void removing_a_user_from_the_workspace_takes_them_out_of_every_group_first() {
        WorkspaceMembers members = WorkspaceMembers.empty();
        Groups groups = Groups.empty();
        for (DomainEvent event : BASE) {
            members = members.evolve(event);
            groups = groups.evolve(event);
        }
        groups = groups.evolve(new IdentityEvent.GroupCreated("g2", "Ops"))
                .evolve(new IdentityEvent.GroupMemberAdded("g2", "bob"));

        assertThat(MemberDecider.decide(new RemoveMembers(WS, List.of("bob")), members, groups)).containsExactly(
                new IdentityEvent.GroupMemberRemoved("g1", "bob"),
                new IdentityEvent.GroupMemberRemoved("g2", "bob"),
                new IdentityEvent.MemberRemoved("bob", "bob@example.com"));
    }
}
