package io.iamsuite.catalogue;

import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standard catalogue loads and says what the reference model says. */
class RoleCatalogueTest {
    static final String OWNER = "1WDUuRLxv84rrfCNUwvkrRtkxnS";
    static final String MINIMAL = "1aEWAcU0fArxScocwH9xxLgW7r3";

    private final RoleCatalogue catalogue = RoleCatalogue.load();

    private Role named(String name) {
        return catalogue.roleByName(name).orElseThrow(() -> new AssertionError("no role " + name));
    }

    @Test
    void the_standard_file_loads_once_with_its_version() {
        assertThat(catalogue.version()).isEqualTo(1);
        assertThat(RoleCatalogue.load()).isSameAs(catalogue);
        assertThat(RoleCatalogue.load(RoleCatalogue.STANDARD_RESOURCE)).isNotSameAs(catalogue);
    }

    @Test
    void every_role_of_the_reference_table_is_there_in_file_order_and_ours_are_marked() {
        List<String> segment = List.of("Workspace Owner", "Workspace Member", "Minimal Workspace Access",
                "Source Admin", "Source Read-only", "Function Admin", "Function Read-only",
                "Warehouse Destination Admin", "Warehouse Destination Read-only", "Tracking Plan Admin",
                "Tracking Plan Read-only", "Unify and Engage Admin", "Unify Read-only, Engage User",
                "Unify and Engage Read-only", "Identity Admin", "End User Privacy Admin", "Entities Admin",
                "Entities Read-only");
        List<String> ours = List.of("Destination Admin", "Destination Read-only");

        assertThat(catalogue.roles()).extracting(Role::name)
                .containsExactlyElementsOf(java.util.stream.Stream.concat(segment.stream(), ours.stream()).toList());
        segment.forEach(name -> assertThat(named(name).origin()).as(name).isEqualTo(RoleOrigin.SEGMENT));
        ours.forEach(name -> assertThat(named(name).origin()).as(name).isEqualTo(RoleOrigin.IAM_SUITE));
        assertThat(catalogue.roles()).allSatisfy(role -> {
            assertThat(role.id()).matches("[0-9A-Za-z]{27}");
            assertThat(role.description()).isNotBlank();
        });
    }

    @Test
    void the_two_documented_ids_are_the_owner_and_minimal_workspace_access() {
        assertThat(catalogue.role(OWNER)).map(Role::name).contains("Workspace Owner");
        assertThat(catalogue.role(MINIMAL)).map(Role::name).contains("Minimal Workspace Access");
        assertThat(catalogue.role("nope")).isEmpty();
        assertThat(catalogue.role(null)).isEmpty();
    }

    @Test
    void warehouse_and_tracking_plan_roles_are_granted_on_all_only() {
        List<Role> allOnly = catalogue.roles().stream()
                .filter(r -> r.appliesTo().contains(ResourceType.WAREHOUSE) || r.appliesTo().contains(ResourceType.TRACKING_PLAN))
                .toList();
        assertThat(allOnly).extracting(Role::name).contains("Warehouse Destination Admin",
                "Warehouse Destination Read-only", "Tracking Plan Admin", "Tracking Plan Read-only");
        assertThat(allOnly).allSatisfy(role -> {
            assertThat(role.scopes()).as(role.name()).containsExactly(Scope.WORKSPACE);
            assertThat(catalogue.allows(role, Scope.RESOURCES)).isFalse();
            assertThat(catalogue.allows(role, Scope.LABELS)).isFalse();
        });
    }

    @Test
    void scopes_follow_the_reference_table() {
        assertThat(named("Source Admin").scopes()).containsExactly(Scope.WORKSPACE, Scope.RESOURCES, Scope.LABELS);
        assertThat(named("Unify and Engage Admin").scopes()).containsExactly(Scope.WORKSPACE, Scope.RESOURCES, Scope.LABELS);
        assertThat(named("Function Admin").scopes()).containsExactly(Scope.WORKSPACE, Scope.RESOURCES);
        assertThat(named("Identity Admin").scopes()).containsExactly(Scope.WORKSPACE);
        assertThat(named("Entities Read-only").scopes()).containsExactly(Scope.WORKSPACE);
        assertThat(named("Workspace Owner").scopes()).containsExactly(Scope.WORKSPACE);
        assertThat(catalogue.allows(MINIMAL, Scope.RESOURCES)).isFalse();
        assertThat(catalogue.allows("nope", Scope.WORKSPACE)).isFalse();
        // LABELS only where the types can carry labels.
        assertThat(catalogue.labelledTypes()).containsExactlyInAnyOrder(ResourceType.SOURCE, ResourceType.SPACE);
        catalogue.roles().stream().filter(r -> r.scopes().contains(Scope.LABELS))
                .forEach(r -> assertThat(catalogue.labelledTypes()).containsAll(r.appliesTo()));
    }

    @Test
    void read_only_roles_confer_only_read_actions() {
        List<Role> readOnly = catalogue.roles().stream().filter(Role::isReadOnly).toList();
        assertThat(readOnly).extracting(Role::name).contains("Minimal Workspace Access", "Source Read-only",
                "Destination Read-only", "Unify and Engage Read-only", "Entities Read-only");
        assertThat(readOnly).allSatisfy(role -> assertThat(role.actions().values()).as(role.name())
                .allSatisfy(names -> assertThat(names).isNotEmpty().allMatch(n -> n.endsWith(".read"))));
        // Every role named "... Read-only" is a read-only role; the mixed Engage User is not one.
        catalogue.roles().stream().filter(r -> r.name().endsWith("Read-only"))
                .forEach(r -> assertThat(r.kind()).as(r.name()).isEqualTo(RoleKind.READ_ONLY));
        assertThat(named("Unify Read-only, Engage User").kind()).isEqualTo(RoleKind.EDITOR);
    }

    @Test
    void every_admin_role_reads_what_it_applies_to_and_what_it_changes() {
        List<Role> admins = catalogue.roles().stream()
                .filter(r -> r.kind() == RoleKind.ADMIN || r.kind() == RoleKind.EDITOR || r.kind() == RoleKind.OWNER)
                .toList();
        assertThat(admins).hasSize(11);
        for (Role role : admins) {
            for (ResourceType type : role.types()) {
                assertThat(catalogue.confers(role.id(), Action.readOf(type), type))
                        .as(role.name() + " reads " + type).isTrue();
            }
            role.actions().forEach((type, names) -> names.stream().map(n -> catalogue.action(n).orElseThrow())
                    .filter(a -> !a.isRead())
                    .forEach(a -> assertThat(catalogue.confers(role.id(), a.requires(), type))
                            .as(role.name() + ": " + a.name() + " needs " + a.requires()).isTrue()));
            assertThat(role.actions().values().stream().flatMap(List::stream))
                    .as(role.name() + " changes something").anyMatch(n -> !n.endsWith(".read"));
        }
    }

    @Test
    void the_owner_confers_every_action_and_the_member_nothing() {
        for (Action action : catalogue.actions()) {
            assertThat(catalogue.confers(OWNER, action.name(), action.type())).as(action.name()).isTrue();
            assertThat(catalogue.confers(OWNER, action.name(), action.type(), Scope.WORKSPACE)).isTrue();
        }
        Role member = named("Workspace Member");
        assertThat(member.actions()).isEmpty();
        assertThat(catalogue.actions()).noneMatch(a -> catalogue.confers(member.id(), a.name(), a.type()));
    }

    @Test
    void source_roles_reach_the_destinations_of_their_sources_through_parent_source() {
        Role admin = named("Source Admin");
        assertThat(admin.inheritedVia(ResourceType.DESTINATION)).contains(Relation.PARENT_SOURCE);
        assertThat(catalogue.relation(Relation.PARENT_SOURCE)).hasValueSatisfying(r -> {
            assertThat(r.from()).isEqualTo(ResourceType.DESTINATION);
            assertThat(r.to()).isEqualTo(ResourceType.SOURCE);
        });
        assertThat(catalogue.confers(admin.id(), "destination.update", ResourceType.DESTINATION)).isTrue();
        String readOnly = named("Source Read-only").id();
        assertThat(catalogue.confers(readOnly, "destination.read", ResourceType.DESTINATION)).isTrue();
        assertThat(catalogue.confers(readOnly, "destination.update", ResourceType.DESTINATION)).isFalse();
        // Labels and the source's connections stay with owners and the other side's admins.
        assertThat(catalogue.confers(admin.id(), "source.labels.update", ResourceType.SOURCE)).isFalse();
        assertThat(catalogue.confers(admin.id(), "source.connect", ResourceType.SOURCE)).isTrue();
        assertThat(catalogue.confers(admin.id(), "warehouse.connect", ResourceType.WAREHOUSE)).isFalse();
    }

    @Test
    void creating_needs_a_grant_on_all_resources_of_the_type_or_on_the_parent() {
        String sourceAdmin = named("Source Admin").id();
        assertThat(catalogue.confers(sourceAdmin, "source.create", ResourceType.SOURCE, Scope.WORKSPACE)).isTrue();
        assertThat(catalogue.confers(sourceAdmin, "source.create", ResourceType.SOURCE, Scope.RESOURCES)).isFalse();
        assertThat(catalogue.confers(sourceAdmin, "source.create", ResourceType.SOURCE, Scope.LABELS)).isFalse();
        assertThat(catalogue.confers(sourceAdmin, "source.update", ResourceType.SOURCE, Scope.LABELS)).isTrue();
        // A listed source's admin adds destinations to it: the grant reaches the parent.
        assertThat(catalogue.confers(sourceAdmin, "destination.create", ResourceType.DESTINATION, Scope.RESOURCES)).isTrue();
        String destinationAdmin = named("Destination Admin").id();
        assertThat(catalogue.confers(destinationAdmin, "destination.create", ResourceType.DESTINATION, Scope.WORKSPACE)).isTrue();
        assertThat(catalogue.confers(destinationAdmin, "destination.create", ResourceType.DESTINATION, Scope.RESOURCES)).isFalse();
        assertThat(catalogue.confers(destinationAdmin, "destination.update", ResourceType.DESTINATION, Scope.LABELS))
                .as("a scope the role does not allow confers nothing").isFalse();
        assertThat(catalogue.action("space.audiences.update")).hasValueSatisfying(a -> assertThat(a.creates()).isFalse());
        assertThat(catalogue.action("function.create")).hasValueSatisfying(a -> assertThat(a.creates()).isTrue());
    }

    @Test
    void confers_is_false_for_unknown_roles_actions_and_the_wrong_type() {
        assertThat(catalogue.confers(OWNER, "source.read", ResourceType.DESTINATION)).isFalse();
        assertThat(catalogue.confers(OWNER, "source.frobnicate", ResourceType.SOURCE)).isFalse();
        assertThat(catalogue.confers("nope", "source.read", ResourceType.SOURCE)).isFalse();
        assertThat(catalogue.confers(null, null, ResourceType.SOURCE)).isFalse();
        assertThat(catalogue.isAction("source.read")).isTrue();
        assertThat(catalogue.isAction("source.frobnicate")).isFalse();
        assertThat(catalogue.isAction(null)).isFalse();
    }

    @Test
    void the_action_vocabulary_is_consistent() {
        Set<String> verbs = Set.of("read", "create", "update", "delete", "connect");
        assertThat(catalogue.actions()).allSatisfy(action -> {
            assertThat(action.name()).startsWith(Action.prefix(action.type()) + ".");
            assertThat(verbs).contains(action.verb());
            assertThat(action.description()).isNotBlank();
            assertThat(action.isRead()).isEqualTo(action.requires() == null);
        });
        EnumSet<ResourceType> withRead = EnumSet.noneOf(ResourceType.class);
        catalogue.actions().stream().filter(a -> a.name().equals(Action.readOf(a.type()))).forEach(a -> withRead.add(a.type()));
        assertThat(withRead).as("every type has its base read").containsExactlyInAnyOrder(ResourceType.values());
        assertThat(Action.prefix(ResourceType.TRACKING_PLAN)).isEqualTo("tracking-plan");
        assertThat(Action.typeOfPrefix("tracking-plan")).contains(ResourceType.TRACKING_PLAN);
        // Every action is conferred by some role other than the owner, except the owner-only ones.
        Set<String> ownerOnly = Set.of("workspace.update", "workspace.access.read", "workspace.access.update",
                "workspace.labels.update", "workspace.tokens.read", "workspace.tokens.update", "workspace.audit.read",
                "source.labels.update", "space.create", "space.delete", "space.labels.update", "space.pii.read");
        for (Action action : catalogue.actions()) {
            boolean others = catalogue.roles().stream().filter(r -> !r.id().equals(OWNER))
                    .anyMatch(r -> catalogue.confers(r.id(), action.name(), action.type()));
            assertThat(others).as(action.name()).isEqualTo(!ownerOnly.contains(action.name()));
        }
    }

    @Test
    void the_scope_of_a_grant_follows_from_its_target() {
        assertThat(Scope.of(Grant.on(OWNER, ResourceRef.workspace("ws")))).isEqualTo(Scope.WORKSPACE);
        assertThat(Scope.of(new Grant(OWNER, ResourceRef.workspace("ws"), List.of(new LabelRef("env", "prod")))))
                .isEqualTo(Scope.LABELS);
        assertThat(Scope.of(Grant.on(OWNER, new ResourceRef(ResourceType.SOURCE, "src_1")))).isEqualTo(Scope.RESOURCES);
        assertThatThrownBy(() -> Scope.of(ResourceType.SOURCE, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_collections_cannot_be_changed() {
        Role admin = named("Source Admin");
        assertThatThrownBy(() -> catalogue.roles().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> admin.actions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> admin.actionsOn(ResourceType.SOURCE).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> admin.scopes().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
