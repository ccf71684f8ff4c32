package io.iamsuite.identity.domain;

import io.iamsuite.catalogue.PermissionRequest;
import io.iamsuite.catalogue.KnownResources;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specifications of invites: given these events, when this command, then these events or this error. */
class InviteDeciderTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final String WS = "ws_1";
    private static final String OWNER_ROLE = "1WDUuRLxv84rrfCNUwvkrRtkxnS";
    private static final String SOURCE_ADMIN = "3Mf1CFsFeeMdzC2AAEIqGjRqFm0";
    private static final ResourceRef SOURCE_A = new ResourceRef(ResourceType.SOURCE, "src_a");
    private static final KnownResources KNOWN = new KnownResources(Set.of(SOURCE_A), Set.of());
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Duration TTL = Duration.ofDays(7);
    private static final Instant EXPIRES = NOW.plus(TTL);

    private record State(WorkspaceMembers members, Groups groups, Invites invites) {
    }

    private static State given(DomainEvent... history) {
        WorkspaceMembers members = WorkspaceMembers.empty().evolve(new ResourceEvent.WorkspaceCreated(WS, "Acme", "acme"))
                .evolve(new IdentityEvent.MemberAdded("usr_ada", "ada@example.com", "Ada", MemberRole.OWNER));
        Groups groups = Groups.empty().evolve(new IdentityEvent.GroupCreated("grp_eng", "Engineers"))
                .evolve(new IdentityEvent.GroupCreated("grp_ops", "Ops"));
        Invites invites = Invites.empty();
        for (DomainEvent event : history) {
            members = members.evolve(event);
            groups = groups.evolve(event);
            invites = invites.evolve(event);
        }
        return new State(members, groups, invites);
    }

    private static List<IdentityEvent> when(State state, InviteCommand command) {
        return InviteDecider.decide(command, state.members(), state.groups(), state.invites(), KNOWN, CATALOGUE);
    }

    private static InviteCommand.Create create(InviteCommand.NewInvite... invites) {
        return new InviteCommand.Create(WS, List.of(invites), NOW, TTL);
    }

    private static InviteCommand.NewInvite invite(String id, String email, List<PermissionRequest> permissions,
                                                  String... groups) {
        return new InviteCommand.NewInvite(id, email, permissions, List.of(groups));
    }

    private static PermissionRequest sourceAdminOnA() {
        return new PermissionRequest(SOURCE_ADMIN, List.of(new PermissionRequest.Target(ResourceType.SOURCE, "src_a", List.of())));
    }

    private static PermissionRequest owner() {
        return new PermissionRequest(OWNER_ROLE, List.of(new PermissionRequest.Target(ResourceType.WORKSPACE, WS, List.of())));
    }

    private static final IdentityEvent BOB_INVITED = new IdentityEvent.InviteSent("inv_bob", "bob@example.com",
            List.of(Grant.on(SOURCE_ADMIN, SOURCE_A)), List.of("grp_eng"), EXPIRES);
    private static final IdentityEvent BOB_IN_ENG = new IdentityEvent.GroupInviteAdded("grp_eng", "inv_bob", "bob@example.com");

    private static void refused(Runnable when, DomainException.Kind kind, String field) {
        assertThatThrownBy(when::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    @Test
    void an_invite_with_permissions_and_groups_is_sent_and_joins_the_groups() {
        assertThat(when(given(), create(invite("inv_bob", "bob@example.com", List.of(sourceAdminOnA()), "grp_eng"))))
                .containsExactly(BOB_INVITED, BOB_IN_ENG);
    }

    @Test
    void an_owner_invite_carries_the_workspace_owner_grant() {
        assertThat(when(given(), create(invite("inv_cy", "cy@example.com", List.of(owner())))))
                .containsExactly(new IdentityEvent.InviteSent("inv_cy", "cy@example.com",
                        List.of(Grant.on(OWNER_ROLE, ResourceRef.workspace(WS))), List.of(), EXPIRES));
    }

    @Test
    void an_email_twice_in_one_request_in_any_case_is_refused() {
        refused(() -> when(given(), create(invite("inv_1", "bob@example.com", List.of()),
                invite("inv_2", "BOB@Example.com", List.of()))), DomainException.Kind.INVALID, "invites[1].email");
    }

    @Test
    void a_member_in_any_case_cannot_be_invited() {
        refused(() -> when(given(), create(invite("inv_1", "ADA@example.com", List.of()))),
                DomainException.Kind.CONFLICT, "invites[0].email");
    }

    @Test
    void an_email_with_a_pending_invite_cannot_be_invited_again_but_an_expired_one_can() {
        refused(() -> when(given(BOB_INVITED), create(invite("inv_2", "Bob@example.com", List.of()))),
                DomainException.Kind.CONFLICT, "invites[0].email");

        var later = new InviteCommand.Create(WS, List.of(invite("inv_2", "bob@example.com", List.of())),
                EXPIRES.plusSeconds(1), TTL);
        assertThat(when(given(BOB_INVITED), later)).hasSize(1);
    }

    @Test
    void invite_permissions_are_validated_like_a_users_naming_the_invite() {
        var unknown = new PermissionRequest(SOURCE_ADMIN, List.of(new PermissionRequest.Target(ResourceType.SOURCE, "src_x", List.of())));
        refused(() -> when(given(), create(invite("inv_1", "x@example.com", List.of()), invite("inv_2", "y@example.com", List.of(unknown)))),
                DomainException.Kind.NOT_FOUND, "invites[1].permissions[0].resources[0].id");
        refused(() -> when(given(), create(invite("inv_1", "x@example.com", List.of(), "grp_nope"))),
                DomainException.Kind.NOT_FOUND, "invites[0].groupIds[0]");
    }

    @Test
    void accepting_makes_exactly_the_invited_member_with_grants_and_groups() {
        var state = given(BOB_INVITED, BOB_IN_ENG, new IdentityEvent.GroupInviteAdded("grp_ops", "inv_bob", "bob@example.com"));

        assertThat(when(state, new InviteCommand.Accept(WS, "inv_bob", "usr_bob", "Bob", NOW.plusSeconds(60))))
                .containsExactly(
                        new IdentityEvent.InviteAccepted("inv_bob", "bob@example.com", "usr_bob"),
                        new IdentityEvent.MemberAdded("usr_bob", "bob@example.com", "Bob", MemberRole.MEMBER),
                        new IdentityEvent.RoleGranted(Subject.user("usr_bob"), Grant.on(SOURCE_ADMIN, SOURCE_A)),
                        new IdentityEvent.GroupInviteRemoved("grp_eng", "inv_bob", "bob@example.com"),
                        new IdentityEvent.GroupMemberAdded("grp_eng", "usr_bob"),
                        new IdentityEvent.GroupInviteRemoved("grp_ops", "inv_bob", "bob@example.com"),
                        new IdentityEvent.GroupMemberAdded("grp_ops", "usr_bob"));
    }

    @Test
    void accepting_an_owner_invite_makes_an_owner_without_a_grant() {
        var state = given(new IdentityEvent.InviteSent("inv_cy", "cy@example.com",
                List.of(Grant.on(OWNER_ROLE, ResourceRef.workspace(WS))), List.of(), EXPIRES));

        assertThat(when(state, new InviteCommand.Accept(WS, "inv_cy", "usr_cy", "Cy", NOW)))
                .containsExactly(new IdentityEvent.InviteAccepted("inv_cy", "cy@example.com", "usr_cy"),
                        new IdentityEvent.MemberAdded("usr_cy", "cy@example.com", "Cy", MemberRole.OWNER));
    }

    @Test
    void an_expired_invite_cannot_be_accepted_whether_or_not_the_sweeper_ran() {
        refused(() -> when(given(BOB_INVITED), new InviteCommand.Accept(WS, "inv_bob", "usr_bob", "Bob", EXPIRES)),
                DomainException.Kind.CONFLICT, "inviteId");
        var swept = given(BOB_INVITED, new IdentityEvent.InviteExpired("inv_bob", "bob@example.com"));
        refused(() -> when(swept, new InviteCommand.Accept(WS, "inv_bob", "usr_bob", "Bob", NOW)),
                DomainException.Kind.CONFLICT, "inviteId");
    }

    @Test
    void a_revoked_or_accepted_invite_cannot_be_accepted_or_resent() {
        var revoked = given(BOB_INVITED, new IdentityEvent.InviteRevoked("inv_bob", "bob@example.com"));
        refused(() -> when(revoked, new InviteCommand.Accept(WS, "inv_bob", "usr_bob", "Bob", NOW)),
                DomainException.Kind.CONFLICT, "inviteId");
        refused(() -> when(revoked, new InviteCommand.Resend(WS, "inv_bob", NOW, TTL)),
                DomainException.Kind.CONFLICT, "inviteId");
        var accepted = given(BOB_INVITED, new IdentityEvent.InviteAccepted("inv_bob", "bob@example.com", "usr_bob"));
        refused(() -> when(accepted, new InviteCommand.Accept(WS, "inv_bob", "usr_2", "Bob", NOW)),
                DomainException.Kind.CONFLICT, "inviteId");
    }

    @Test
    void an_unknown_invite_is_not_found() {
        refused(() -> when(given(), new InviteCommand.Accept(WS, "inv_x", "usr_x", "", NOW)),
                DomainException.Kind.NOT_FOUND, "inviteId");
    }

    @Test
    void accepting_when_the_email_became_a_member_meanwhile_is_a_conflict() {
        var state = given(BOB_INVITED, new IdentityEvent.MemberAdded("usr_b2", "BOB@example.com", "Bob", MemberRole.MEMBER));
        refused(() -> when(state, new InviteCommand.Accept(WS, "inv_bob", "usr_bob", "Bob", NOW)),
                DomainException.Kind.CONFLICT, "email");
    }

    @Test
    void resending_renews_the_expiry_even_after_it_passed_until_the_sweeper_records_it() {
        Instant later = EXPIRES.plusSeconds(10);
        assertThat(when(given(BOB_INVITED), new InviteCommand.Resend(WS, "inv_bob", later, TTL)))
                .containsExactly(new IdentityEvent.InviteResent("inv_bob", later.plus(TTL)));
    }

    @Test
    void revoking_by_email_leaves_the_groups_first_and_unknown_emails_refuse_all() {
        var state = given(BOB_INVITED, BOB_IN_ENG);
        assertThat(when(state, new InviteCommand.Revoke(WS, List.of("BOB@example.com"))))
                .containsExactly(new IdentityEvent.GroupInviteRemoved("grp_eng", "inv_bob", "bob@example.com"),
                        new IdentityEvent.InviteRevoked("inv_bob", "bob@example.com"));
        refused(() -> when(state, new InviteCommand.Revoke(WS, List.of("bob@example.com", "nobody@example.com"))),
                DomainException.Kind.NOT_FOUND, "emails");
    }

    @Test
    void the_sweeper_expires_only_invites_whose_time_is_up() {
        var state = given(BOB_INVITED, BOB_IN_ENG, new IdentityEvent.InviteSent("inv_cy", "cy@example.com", List.of(),
                List.of(), EXPIRES.plus(Duration.ofDays(1))));

        assertThat(when(state, new InviteCommand.ExpireDue(WS, EXPIRES)))
                .containsExactly(new IdentityEvent.GroupInviteRemoved("grp_eng", "inv_bob", "bob@example.com"),
                        new IdentityEvent.InviteExpired("inv_bob", "bob@example.com"));
        assertThat(when(state, new InviteCommand.ExpireDue(WS, NOW))).isEmpty();
    }

    @Test
    void replacing_group_members_with_a_mix_of_users_and_invites() {
        var state = given(BOB_INVITED, BOB_IN_ENG,
                new IdentityEvent.InviteSent("inv_cy", "cy@example.com", List.of(), List.of(), EXPIRES),
                new IdentityEvent.MemberAdded("usr_dee", "dee@example.com", "Dee", MemberRole.MEMBER),
                new IdentityEvent.GroupMemberAdded("grp_eng", "usr_dee"));

        var replace = new GroupCommand.ReplaceMembers(WS, "grp_eng", List.of("ada@example.com", "CY@example.com"));
        assertThat(GroupDecider.decide(replace, state.members(), state.groups(), state.invites(), NOW))
                .containsExactly(new IdentityEvent.GroupMemberRemoved("grp_eng", "usr_dee"),
                        new IdentityEvent.GroupInviteRemoved("grp_eng", "inv_bob", "bob@example.com"),
                        new IdentityEvent.GroupMemberAdded("grp_eng", "usr_ada"),
                        new IdentityEvent.GroupInviteAdded("grp_eng", "inv_cy", "cy@example.com"));
    }

    @Test
    void an_expired_invite_cannot_join_a_group() {
        var state = given(BOB_INVITED);
        refused(() -> GroupDecider.decide(new GroupCommand.AddMembers(WS, "grp_ops", List.of("bob@example.com")),
                state.members(), state.groups(), state.invites(), EXPIRES), DomainException.Kind.NOT_FOUND, "emails");
    }
}
