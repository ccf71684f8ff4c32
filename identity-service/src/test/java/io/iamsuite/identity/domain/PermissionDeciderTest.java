package io.iamsuite.identity.domain;

import io.iamsuite.catalogue.PermissionRequest;
import io.iamsuite.catalogue.KnownResources;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specifications of permissions: given these events, when this command, then these events or this error. */
class PermissionDeciderTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final String WS = "ws_1";
    private static final String OWNER_ROLE = "1WDUuRLxv84rrfCNUwvkrRtkxnS";
    private static final String SOURCE_ADMIN = "3Mf1CFsFeeMdzC2AAEIqGjRqFm0";
    private static final String SOURCE_READ = "3Mf1CMGj5bho4MsFfAB53CUjEM6";
    private static final String WAREHOUSE_ADMIN = "3Mf1CjXL0C72y68vDODzPuoDpx7";
    private static final String FUNCTION_ADMIN = "3Mf1CUfNqbQAwWnE3KTQR8nxx84";
    private static final ResourceRef SOURCE_A = new ResourceRef(ResourceType.SOURCE, "src_a");
    private static final ResourceRef SOURCE_B = new ResourceRef(ResourceType.SOURCE, "src_b");
    private static final ResourceRef WAREHOUSE = new ResourceRef(ResourceType.WAREHOUSE, "wh_1");
    private static final LabelRef PROD = new LabelRef("environment", "prod");
    private static final LabelRef CAR = new LabelRef("product", "car");
    private static final KnownResources KNOWN =
            new KnownResources(Set.of(SOURCE_A, SOURCE_B, WAREHOUSE), Set.of(PROD, CAR));
    private static final Subject ADA = Subject.user("usr_ada");
    private static final Subject BOB = Subject.user("usr_bob");
    private static final Subject ENGINEERS = Subject.group("grp_eng");

    private record State(WorkspaceMembers members, Groups groups, Permissions permissions) {
    }

    private static State given(DomainEvent... history) {
        WorkspaceMembers members = WorkspaceMembers.empty().evolve(new ResourceEvent.WorkspaceCreated(WS, "Acme", "acme"))
                .evolve(new IdentityEvent.MemberAdded("usr_ada", "ada@example.com", "Ada", MemberRole.OWNER))
                .evolve(new IdentityEvent.MemberAdded("usr_bob", "bob@example.com", "Bob", MemberRole.MEMBER));
        Groups groups = Groups.empty().evolve(new IdentityEvent.GroupCreated("grp_eng", "Engineers"));
        Permissions permissions = Permissions.empty();
        for (DomainEvent event : history) {
            members = members.evolve(event);
            groups = groups.evolve(event);
            permissions = permissions.evolve(event);
        }
        return new State(members, groups, permissions);
    }

    private static List<IdentityEvent> when(State state, Subject subject, boolean replace, PermissionRequest... permissions) {
        return PermissionDecider.decide(new ChangePermissions(WS, subject, List.of(permissions), replace),
                state.members(), state.groups(), state.permissions(), KNOWN, CATALOGUE);
    }

    private static PermissionRequest on(String roleId, PermissionRequest.Target... targets) {
        return new PermissionRequest(roleId, List.of(targets));
    }

    private static PermissionRequest.Target target(ResourceRef ref) {
        return new PermissionRequest.Target(ref.type(), ref.id(), List.of());
    }

    private static PermissionRequest.Target workspace(LabelRef... labels) {
        return new PermissionRequest.Target(ResourceType.WORKSPACE, WS, List.of(labels));
    }

    private static void refused(Runnable when, DomainException.Kind kind, String field) {
        assertThatThrownBy(when::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    @Test
    void adding_a_role_on_listed_sources_grants_one_per_source() {
        assertThat(when(given(), BOB, false, on(SOURCE_ADMIN, target(SOURCE_A), target(SOURCE_B))))
                .containsExactly(new IdentityEvent.RoleGranted(BOB, Grant.on(SOURCE_ADMIN, SOURCE_A)),
                        new IdentityEvent.RoleGranted(BOB, Grant.on(SOURCE_ADMIN, SOURCE_B)));
    }

    @Test
    void adding_what_is_already_held_emits_nothing() {
        var state = given(new IdentityEvent.RoleGranted(BOB, Grant.on(SOURCE_ADMIN, SOURCE_A)));

        assertThat(when(state, BOB, false, on(SOURCE_ADMIN, target(SOURCE_A)))).isEmpty();
    }

    @Test
    void label_scoped_grants_sort_their_labels_so_the_same_and_is_one_grant() {
        var held = new Grant(SOURCE_READ, ResourceRef.workspace(WS), List.of(PROD, CAR).stream()
                .sorted(Comparator.comparing(LabelRef::key)).toList());
        var state = given(new IdentityEvent.RoleGranted(ENGINEERS, held));

        assertThat(when(state, ENGINEERS, false, on(SOURCE_READ, workspace(CAR, PROD)))).isEmpty();
        assertThat(when(given(), ENGINEERS, false, on(SOURCE_READ, workspace(PROD, CAR))))
                .containsExactly(new IdentityEvent.RoleGranted(ENGINEERS, held));
    }

    @Test
    void replacing_revokes_what_is_not_listed_and_grants_what_is_new() {
        var state = given(new IdentityEvent.RoleGranted(ENGINEERS, Grant.on(SOURCE_ADMIN, SOURCE_A)),
                new IdentityEvent.RoleGranted(ENGINEERS, Grant.on(SOURCE_ADMIN, SOURCE_B)));

        assertThat(when(state, ENGINEERS, true, on(SOURCE_ADMIN, target(SOURCE_B)), on(WAREHOUSE_ADMIN, workspace())))
                .containsExactly(new IdentityEvent.RoleRevoked(ENGINEERS, Grant.on(SOURCE_ADMIN, SOURCE_A)),
                        new IdentityEvent.RoleGranted(ENGINEERS, Grant.on(WAREHOUSE_ADMIN, ResourceRef.workspace(WS))));
    }

    @Test
    void replacing_with_nothing_revokes_everything() {
        var state = given(new IdentityEvent.RoleGranted(BOB, Grant.on(SOURCE_ADMIN, SOURCE_A)));

        assertThat(when(state, BOB, true))
                .containsExactly(new IdentityEvent.RoleRevoked(BOB, Grant.on(SOURCE_ADMIN, SOURCE_A)));
    }

    @Test
    void adding_nothing_is_refused_naming_permissions() {
        refused(() -> when(given(), BOB, false), DomainException.Kind.INVALID, "permissions");
    }

    @Test
    void granting_workspace_owner_promotes_a_member_and_stores_no_grant() {
        assertThat(when(given(), BOB, false, on(OWNER_ROLE, workspace())))
                .containsExactly(new IdentityEvent.MemberRoleChanged("usr_bob", MemberRole.OWNER));
    }

    @Test
    void replacing_an_owners_permissions_without_workspace_owner_demotes_unless_last_owner() {
        refused(() -> when(given(), ADA, true, on(SOURCE_ADMIN, target(SOURCE_A))), DomainException.Kind.CONFLICT, "role");

        var twoOwners = given(new IdentityEvent.MemberRoleChanged("usr_bob", MemberRole.OWNER));
        assertThat(when(twoOwners, ADA, true, on(SOURCE_ADMIN, target(SOURCE_A))))
                .containsExactly(new IdentityEvent.MemberRoleChanged("usr_ada", MemberRole.MEMBER),
                        new IdentityEvent.RoleGranted(ADA, Grant.on(SOURCE_ADMIN, SOURCE_A)));
    }

    @Test
    void an_owner_keeps_ownership_when_the_replacement_lists_workspace_owner() {
        assertThat(when(given(), ADA, true, on(OWNER_ROLE, workspace()), on(SOURCE_READ, target(SOURCE_A))))
                .containsExactly(new IdentityEvent.RoleGranted(ADA, Grant.on(SOURCE_READ, SOURCE_A)));
    }

    @Test
    void workspace_owner_cannot_be_given_to_a_group() {
        refused(() -> when(given(), ENGINEERS, false, on(OWNER_ROLE, workspace())),
                DomainException.Kind.INVALID, "permissions[0].roleId");
    }

    @Test
    void an_unknown_role_is_refused_naming_its_index() {
        refused(() -> when(given(), BOB, false, on(SOURCE_ADMIN, target(SOURCE_A)), on("nope", target(SOURCE_A))),
                DomainException.Kind.INVALID, "permissions[1].roleId");
    }

    @Test
    void a_role_on_a_type_it_does_not_apply_to_is_refused_naming_the_type() {
        refused(() -> when(given(), BOB, false, on(FUNCTION_ADMIN, target(SOURCE_A))),
                DomainException.Kind.INVALID, "permissions[0].resources[0].type");
    }

    @Test
    void warehouse_roles_are_granted_on_the_whole_workspace_only_as_in_segment() {
        refused(() -> when(given(), BOB, false, on(WAREHOUSE_ADMIN, target(WAREHOUSE))),
                DomainException.Kind.INVALID, "permissions[0].resources[0].type");
        refused(() -> when(given(), BOB, false, on(WAREHOUSE_ADMIN, workspace(PROD))),
                DomainException.Kind.INVALID, "permissions[0].resources[0].labels");
    }

    @Test
    void labels_on_a_listed_resource_are_refused() {
        var labelled = new PermissionRequest.Target(ResourceType.SOURCE, "src_a", List.of(PROD));
        refused(() -> when(given(), BOB, false, on(SOURCE_ADMIN, labelled)),
                DomainException.Kind.INVALID, "permissions[0].resources[0].labels");
    }

    @Test
    void a_resource_or_label_the_workspace_does_not_have_is_not_found() {
        refused(() -> when(given(), BOB, false, on(SOURCE_ADMIN, target(SOURCE_A), target(new ResourceRef(ResourceType.SOURCE, "src_gone")))),
                DomainException.Kind.NOT_FOUND, "permissions[0].resources[1].id");
        refused(() -> when(given(), BOB, false, on(SOURCE_ADMIN, workspace(PROD, new LabelRef("team", "x")))),
                DomainException.Kind.NOT_FOUND, "permissions[0].resources[0].labels[1]");
    }

    @Test
    void another_workspaces_id_is_not_found() {
        var other = new PermissionRequest.Target(ResourceType.WORKSPACE, "ws_other", List.of());
        refused(() -> when(given(), BOB, false, on(SOURCE_ADMIN, other)),
                DomainException.Kind.NOT_FOUND, "permissions[0].resources[0].id");
    }

    @Test
    void two_values_of_one_key_in_one_grant_are_refused() {
        refused(() -> when(given(), BOB, false, on(SOURCE_ADMIN, workspace(PROD, new LabelRef("environment", "dev")))),
                DomainException.Kind.INVALID, "permissions[0].resources[0].labels[1]");
    }

    @Test
    void a_permission_without_resources_is_refused() {
        refused(() -> when(given(), BOB, false, on(SOURCE_ADMIN)), DomainException.Kind.INVALID, "permissions[0].resources");
    }

    @Test
    void unknown_users_and_groups_are_not_found() {
        refused(() -> when(given(), Subject.user("usr_x"), false, on(SOURCE_ADMIN, target(SOURCE_A))),
                DomainException.Kind.NOT_FOUND, "userId");
        refused(() -> when(given(), Subject.group("grp_x"), false, on(SOURCE_ADMIN, target(SOURCE_A))),
                DomainException.Kind.NOT_FOUND, "groupId");
    }

    @Test
    void a_removed_member_and_a_deleted_group_hold_no_grants() {
        var state = given(new IdentityEvent.RoleGranted(BOB, Grant.on(SOURCE_ADMIN, SOURCE_A)),
                new IdentityEvent.RoleGranted(ENGINEERS, Grant.on(SOURCE_ADMIN, SOURCE_A)),
                new IdentityEvent.MemberRemoved("usr_bob", "bob@example.com"),
                new IdentityEvent.GroupDeleted("grp_eng"));

        assertThat(state.permissions().of(BOB)).isEmpty();
        assertThat(state.permissions().of(ENGINEERS)).isEmpty();
    }

    @Test
    void more_than_a_thousand_grants_in_one_request_are_refused() {
        var targets = new PermissionRequest.Target[PermissionDecider.MAX_GRANTS_PER_REQUEST + 1];
        Set<ResourceRef> sources = new HashSet<>();
        for (int i = 0; i < targets.length; i++) {
            targets[i] = new PermissionRequest.Target(ResourceType.SOURCE, "src_" + i, List.of());
            sources.add(new ResourceRef(ResourceType.SOURCE, "src_" + i));
        }
        var known = new KnownResources(sources, Set.of());
        var state = given();

        refused(() -> PermissionDecider.decide(new ChangePermissions(WS, BOB, List.of(on(SOURCE_ADMIN, targets)), false),
                state.members(), state.groups(), state.permissions(), known, CATALOGUE),
                DomainException.Kind.INVALID, "permissions");
    }
}
