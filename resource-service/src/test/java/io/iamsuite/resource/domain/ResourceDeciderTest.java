package io.iamsuite.resource.domain;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specifications of resources and labels: given these events, when this command, then these events or this error. */
class ResourceDeciderTest {
    private static final String WS = "ws_1";
    private static final LabelRef DEV = new LabelRef("environment", "dev");
    private static final LabelRef PROD = new LabelRef("environment", "prod");
    private static final LabelRef CAR = new LabelRef("product", "car");
    private static final ResourceRef SRC = new ResourceRef(ResourceType.SOURCE, "src_1");
    private static final ResourceRef SRC2 = new ResourceRef(ResourceType.SOURCE, "src_2");
    private static final ResourceRef DST = new ResourceRef(ResourceType.DESTINATION, "dst_1");
    private static final ResourceRef WH = new ResourceRef(ResourceType.WAREHOUSE, "wh_1");
    private static final ResourceRef TP = new ResourceRef(ResourceType.TRACKING_PLAN, "tp_1");
    private static final ResourceRef TP2 = new ResourceRef(ResourceType.TRACKING_PLAN, "tp_2");
    private static final ResourceRef SPACE = new ResourceRef(ResourceType.SPACE, "spc_1");
    private static final String OWNER_ROLE = "1WDUuRLxv84rrfCNUwvkrRtkxnS";
    private static final String SOURCE_ADMIN = "source-admin";

    /** A workspace with its default labels, product:car, a source, a destination, a warehouse, two tracking plans. */
    private static final List<DomainEvent> BASE = List.of(
            new ResourceEvent.WorkspaceCreated(WS, "Acme", "acme"),
            new ResourceEvent.LabelCreated(DEV, "Development"),
            new ResourceEvent.LabelCreated(PROD, "Production"),
            new ResourceEvent.LabelCreated(CAR, null),
            new ResourceEvent.ResourceCreated(SRC, "Web", "web", null, List.of()),
            new ResourceEvent.ResourceCreated(DST, "Webhook", "webhook", SRC.id(), List.of()),
            new ResourceEvent.ResourceCreated(WH, "Snowflake", "snowflake", null, List.of()),
            new ResourceEvent.ResourceCreated(TP, "Plan", "plan", null, List.of()),
            new ResourceEvent.ResourceCreated(TP2, "Plan 2", "plan-2", null, List.of()),
            new ResourceEvent.ResourceCreated(SPACE, "Space", "space", null, List.of()));

    private static WorkspaceState given(DomainEvent... more) {
        WorkspaceState state = WorkspaceState.empty(WS);
        for (DomainEvent event : BASE) {
            state = state.evolve(event);
        }
        for (DomainEvent event : more) {
            state = state.evolve(event);
        }
        return state;
    }

    private static List<ResourceEvent> when(ResourceCommand command, DomainEvent... given) {
        return ResourceDecider.decide(command, given(given), LabelPolicy.ALL_TYPES);
    }

    private static void refused(Runnable decision, DomainException.Kind kind, String field) {
        assertThatThrownBy(decision::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    private static DomainException refusal(Runnable decision) {
        try {
            decision.run();
        } catch (DomainException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void an_unknown_workspace_refuses_every_command() {
        refused(() -> ResourceDecider.decide(new ResourceCommand.CreateLabel("ws_x", CAR, null), WorkspaceState.empty("ws_x"),
                LabelPolicy.ALL_TYPES), DomainException.Kind.NOT_FOUND, "workspaceId");
    }

    @Nested
    class Workspaces {
        @Test
        void renaming_emits_workspace_renamed_and_the_same_name_changes_nothing() {
            assertThat(when(new ResourceCommand.RenameWorkspace(WS, "Acme Inc")))
                    .containsExactly(new ResourceEvent.WorkspaceRenamed(WS, "Acme Inc"));
            assertThat(when(new ResourceCommand.RenameWorkspace(WS, "Acme"))).isEmpty();
        }
    }

    @Nested
    class Resources {
        @Test
        void creating_a_source_emits_resource_created_with_the_given_slug() {
            ResourceRef ref = new ResourceRef(ResourceType.SOURCE, "src_9");
            assertThat(when(new ResourceCommand.CreateResource(WS, ref, "iOS", "ios", null)))
                    .containsExactly(new ResourceEvent.ResourceCreated(ref, "iOS", "ios", null, List.of()));
        }

        @Test
        void a_missing_slug_is_derived_from_the_name_and_made_unique_per_type() {
            ResourceRef ref = new ResourceRef(ResourceType.SOURCE, "src_9");
            assertThat(when(new ResourceCommand.CreateResource(WS, ref, "Wéb", null, null)))
                    .containsExactly(new ResourceEvent.ResourceCreated(ref, "Wéb", "web-2", null, List.of()));
            ResourceRef warehouse = new ResourceRef(ResourceType.WAREHOUSE, "wh_9");
            assertThat(when(new ResourceCommand.CreateResource(WS, warehouse, "Web", null, null)))
                    .containsExactly(new ResourceEvent.ResourceCreated(warehouse, "Web", "web", null, List.of()));
        }

        @Test
        void a_slug_taken_by_the_same_type_is_a_conflict_on_slug() {
            refused(() -> when(new ResourceCommand.CreateResource(WS, new ResourceRef(ResourceType.SOURCE, "src_9"),
                    "Web", "web", null)), DomainException.Kind.CONFLICT, "slug");
            refused(() -> when(new ResourceCommand.UpdateResource(WS, TP2, null, "plan")),
                    DomainException.Kind.CONFLICT, "slug");
        }

        @Test
        void a_destination_needs_an_existing_source_and_only_a_destination_has_one() {
            ResourceRef dst = new ResourceRef(ResourceType.DESTINATION, "dst_9");
            assertThat(when(new ResourceCommand.CreateResource(WS, dst, "Amplitude", "amplitude", SRC.id())))
                    .containsExactly(new ResourceEvent.ResourceCreated(dst, "Amplitude", "amplitude", SRC.id(), List.of()));
            refused(() -> when(new ResourceCommand.CreateResource(WS, dst, "A", "a", "src_nope")),
                    DomainException.Kind.NOT_FOUND, "sourceId");
            refused(() -> when(new ResourceCommand.CreateResource(WS, dst, "A", "a", null)),
                    DomainException.Kind.INVALID, "sourceId");
            refused(() -> when(new ResourceCommand.CreateResource(WS, new ResourceRef(ResourceType.SPACE, "spc_9"), "A",
                    "a", SRC.id())), DomainException.Kind.INVALID, "sourceId");
        }

        @Test
        void updating_emits_the_full_new_name_and_slug_and_no_change_emits_nothing() {
            assertThat(when(new ResourceCommand.UpdateResource(WS, SRC, "Website", null)))
                    .containsExactly(new ResourceEvent.ResourceUpdated(SRC, "Website", "web"));
            assertThat(when(new ResourceCommand.UpdateResource(WS, SRC, "Web", "web"))).isEmpty();
        }

        @Test
        void a_resource_of_another_type_or_unknown_is_a_404_on_its_id_field() {
            refused(() -> when(new ResourceCommand.UpdateResource(WS, new ResourceRef(ResourceType.WAREHOUSE, SRC.id()),
                    "X", null)), DomainException.Kind.NOT_FOUND, "warehouseId");
            refused(() -> when(new ResourceCommand.DeleteResource(WS, new ResourceRef(ResourceType.FUNCTION, "fn_x"))),
                    DomainException.Kind.NOT_FOUND, "functionId");
        }

        @Test
        void deleting_a_source_deletes_its_destinations_first() {
            ResourceRef dst2 = new ResourceRef(ResourceType.DESTINATION, "dst_2");
            assertThat(when(new ResourceCommand.DeleteResource(WS, SRC),
                    new ResourceEvent.ResourceCreated(dst2, "Second", "second", SRC.id(), List.of())))
                    .containsExactly(new ResourceEvent.ResourceDeleted(DST), new ResourceEvent.ResourceDeleted(dst2),
                            new ResourceEvent.ResourceDeleted(SRC));
            assertThat(when(new ResourceCommand.DeleteResource(WS, WH))).containsExactly(new ResourceEvent.ResourceDeleted(WH));
        }

        @Test
        void a_deleted_source_is_no_longer_connected_anywhere() {
            WorkspaceState state = given(new ResourceEvent.ResourcesConnected(SRC.id(), WH),
                    new ResourceEvent.ResourceDeleted(DST), new ResourceEvent.ResourceDeleted(SRC));
            assertThat(state.resource(WH).orElseThrow().connectedSourceIds()).isEmpty();
        }
    }

    @Nested
    class Connections {
        @Test
        void connecting_a_source_to_a_warehouse_or_tracking_plan_emits_resources_connected_once() {
            assertThat(when(new ResourceCommand.Connect(WS, SRC.id(), WH)))
                    .containsExactly(new ResourceEvent.ResourcesConnected(SRC.id(), WH));
            assertThat(when(new ResourceCommand.Connect(WS, SRC.id(), WH), new ResourceEvent.ResourcesConnected(SRC.id(), WH)))
                    .isEmpty();
        }

        @Test
        void a_source_has_one_tracking_plan() {
            refused(() -> when(new ResourceCommand.Connect(WS, SRC.id(), TP2), new ResourceEvent.ResourcesConnected(SRC.id(), TP)),
                    DomainException.Kind.CONFLICT, "sourceId");
        }

        @Test
        void only_warehouses_and_tracking_plans_take_sources_and_both_sides_must_exist() {
            refused(() -> when(new ResourceCommand.Connect(WS, SRC.id(), SPACE)), DomainException.Kind.INVALID, "type");
            refused(() -> when(new ResourceCommand.Connect(WS, "src_x", WH)), DomainException.Kind.NOT_FOUND, "sourceId");
            refused(() -> when(new ResourceCommand.Connect(WS, SRC.id(), new ResourceRef(ResourceType.WAREHOUSE, "wh_x"))),
                    DomainException.Kind.NOT_FOUND, "warehouseId");
        }

        @Test
        void disconnecting_emits_resources_disconnected_and_nothing_when_not_connected() {
            assertThat(when(new ResourceCommand.Disconnect(WS, SRC.id(), TP), new ResourceEvent.ResourcesConnected(SRC.id(), TP)))
                    .containsExactly(new ResourceEvent.ResourcesDisconnected(SRC.id(), TP));
            assertThat(when(new ResourceCommand.Disconnect(WS, SRC.id(), TP))).isEmpty();
        }

        @Test
        void a_connection_needs_admin_on_both_sides() {
            assertThat(RequiredPermissions.of(new ResourceCommand.Connect(WS, SRC.id(), WH))).containsExactly(
                    new RequiredPermissions.Required("source.connect", SRC),
                    new RequiredPermissions.Required("warehouse.connect", WH));
            assertThat(RequiredPermissions.of(new ResourceCommand.Disconnect(WS, SRC.id(), TP))).containsExactly(
                    new RequiredPermissions.Required("source.connect", SRC),
                    new RequiredPermissions.Required("tracking-plan.connect", TP));
        }
    }

    @Nested
    class LabelFormats {
        @ParameterizedTest(name = "key \"{0}\" is refused")
        @ValueSource(strings = {"", "1env", "-env", "env_1", "env ironment", "énv", "環境", "env:x", "env."})
        void a_bad_key_is_invalid_on_label_key(String key) {
            refused(() -> when(new ResourceCommand.CreateLabel(WS, new LabelRef(key, "prod"), null)),
                    DomainException.Kind.INVALID, "label.key");
        }

        @ParameterizedTest(name = "value \"{0}\" is refused")
        @ValueSource(strings = {"", "9", "2024", "_prod", "prod_1", "prød", "prod!", " prod"})
        void a_bad_value_is_invalid_on_label_value(String value) {
            refused(() -> when(new ResourceCommand.CreateLabel(WS, new LabelRef("env", value), null)),
                    DomainException.Kind.INVALID, "label.value");
        }

        @ParameterizedTest(name = "{0} is accepted")
        @ValueSource(strings = {"a:b", "Env:Prod", "team-2:x-1-y", "k:v-"})
        void letters_digits_and_hyphens_after_a_letter_are_accepted(String label) {
            String[] parts = label.split(":");
            LabelRef ref = new LabelRef(parts[0], parts[1]);
            assertThat(when(new ResourceCommand.CreateLabel(WS, ref, "d"))).containsExactly(new ResourceEvent.LabelCreated(ref, "d"));
        }

        @Test
        void keys_and_values_hold_at_most_255_characters() {
            LabelRef longest = new LabelRef("k" + "x".repeat(254), "v" + "y".repeat(254));
            assertThat(when(new ResourceCommand.CreateLabel(WS, longest, null))).hasSize(1);
            refused(() -> when(new ResourceCommand.CreateLabel(WS, new LabelRef("env", "v" + "y".repeat(255)), null)),
                    DomainException.Kind.INVALID, "label.value");
            refused(() -> when(new ResourceCommand.CreateLabel(WS, new LabelRef("k" + "x".repeat(255), "v"), null)),
                    DomainException.Kind.INVALID, "label.key");
        }

        @Test
        void labels_differ_by_case() {
            LabelRef upper = new LabelRef("Environment", "prod");
            assertThat(when(new ResourceCommand.CreateLabel(WS, upper, null))).containsExactly(new ResourceEvent.LabelCreated(upper, null));
        }
    }

    @Nested
    class Labels {
        @Test
        void creating_an_existing_label_is_a_conflict_on_label() {
            refused(() -> when(new ResourceCommand.CreateLabel(WS, PROD, null)), DomainException.Kind.CONFLICT, "label");
        }

        @Test
        void deleting_an_unused_label_emits_label_deleted() {
            assertThat(when(new ResourceCommand.DeleteLabel(WS, CAR))).containsExactly(new ResourceEvent.LabelDeleted(CAR));
        }

        @Test
        void deleting_an_unknown_label_is_a_404_on_label() {
            refused(() -> when(new ResourceCommand.DeleteLabel(WS, new LabelRef("x", "y"))), DomainException.Kind.NOT_FOUND, "label");
        }

        @Test
        void deleting_a_label_on_a_resource_is_refused_naming_the_resource() {
            DomainException e = refusal(() -> when(new ResourceCommand.DeleteLabel(WS, PROD),
                    new ResourceEvent.LabelAssigned(SRC, PROD), new ResourceEvent.LabelAssigned(WH, PROD)));
            assertThat(e.kind()).isEqualTo(DomainException.Kind.CONFLICT);
            assertThat(e.field()).isEqualTo("label");
            assertThat(e.getMessage()).contains("source src_1", "warehouse wh_1");
        }

        @Test
        void deleting_a_label_in_a_permission_of_a_user_group_invite_or_token_is_refused_naming_them() {
            Grant onProd = new Grant(SOURCE_ADMIN, ResourceRef.workspace(WS), List.of(PROD));
            DomainException e = refusal(() -> when(new ResourceCommand.DeleteLabel(WS, PROD),
                    new IdentityEvent.RoleGranted(Subject.user("usr_1"), onProd),
                    new IdentityEvent.RoleGranted(Subject.group("grp_1"), onProd),
                    new IdentityEvent.InviteSent("inv_1", "a@example.com", List.of(onProd), List.of(), null),
                    new TokenEvent.TokenIssued("tok_1", "ci", TokenEvent.Access.MEMBER, List.of(onProd), "hash", "usr_1", null)));
            assertThat(e.kind()).isEqualTo(DomainException.Kind.CONFLICT);
            assertThat(e.getMessage()).contains("user usr_1", "group grp_1", "invite inv_1", "token tok_1");
        }

        @Test
        void a_label_is_free_again_once_every_grant_on_it_has_ended() {
            Grant onProd = new Grant(SOURCE_ADMIN, ResourceRef.workspace(WS), List.of(PROD, CAR));
            Grant alsoOnProd = new Grant("source-read", ResourceRef.workspace(WS), List.of(PROD));
            DomainEvent[] history = {
                    new IdentityEvent.RoleGranted(Subject.user("usr_1"), onProd),
                    new IdentityEvent.RoleGranted(Subject.user("usr_1"), alsoOnProd),
                    new IdentityEvent.RoleGranted(Subject.group("grp_1"), onProd),
                    new IdentityEvent.InviteSent("inv_1", "a@example.com", List.of(onProd), List.of(), null),
                    new TokenEvent.TokenIssued("tok_1", "ci", TokenEvent.Access.MEMBER, List.of(onProd), "h", "usr_1", null),
                    new IdentityEvent.RoleRevoked(Subject.user("usr_1"), onProd)};
            // usr_1 still holds alsoOnProd
            refused(() -> when(new ResourceCommand.DeleteLabel(WS, PROD), history), DomainException.Kind.CONFLICT, "label");
            List<DomainEvent> ended = new ArrayList<>(List.of(history));
            ended.add(new IdentityEvent.MemberRemoved("usr_1", "u@example.com"));
            ended.add(new IdentityEvent.GroupDeleted("grp_1"));
            ended.add(new IdentityEvent.InviteAccepted("inv_1", "a@example.com", "usr_2"));
            ended.add(new TokenEvent.TokenPermissionsReplaced("tok_1", TokenEvent.Access.OWNER, List.of()));
            assertThat(when(new ResourceCommand.DeleteLabel(WS, PROD), ended.toArray(DomainEvent[]::new)))
                    .containsExactly(new ResourceEvent.LabelDeleted(PROD));
        }

        @Test
        void grants_without_labels_do_not_use_labels() {
            assertThat(PermissionLabels.changeOf(new IdentityEvent.RoleGranted(Subject.user("usr_1"),
                    Grant.on(OWNER_ROLE, ResourceRef.workspace(WS))))).isEmpty();
        }
    }

    @Nested
    class Assignment {
        @Test
        void adding_a_label_assigns_it() {
            assertThat(when(new ResourceCommand.AssignLabels(WS, SRC, List.of(PROD, CAR), false)))
                    .containsExactly(new ResourceEvent.LabelAssigned(SRC, PROD), new ResourceEvent.LabelAssigned(SRC, CAR));
        }

        @Test
        void adding_a_value_of_a_key_the_resource_carries_replaces_that_value() {
            assertThat(when(new ResourceCommand.AssignLabels(WS, SRC, List.of(PROD), false), new ResourceEvent.LabelAssigned(SRC, DEV)))
                    .containsExactly(new ResourceEvent.LabelUnassigned(SRC, DEV), new ResourceEvent.LabelAssigned(SRC, PROD));
        }

        @Test
        void adding_a_label_the_resource_carries_changes_nothing() {
            assertThat(when(new ResourceCommand.AssignLabels(WS, SRC, List.of(PROD), false), new ResourceEvent.LabelAssigned(SRC, PROD)))
                    .isEmpty();
        }

        @Test
        void replacing_makes_the_labels_exactly_the_given_ones() {
            assertThat(when(new ResourceCommand.AssignLabels(WS, SRC, List.of(PROD), true),
                    new ResourceEvent.LabelAssigned(SRC, DEV), new ResourceEvent.LabelAssigned(SRC, CAR)))
                    .containsExactly(new ResourceEvent.LabelUnassigned(SRC, CAR), new ResourceEvent.LabelUnassigned(SRC, DEV),
                            new ResourceEvent.LabelAssigned(SRC, PROD));
            assertThat(when(new ResourceCommand.AssignLabels(WS, SRC, List.of(), true), new ResourceEvent.LabelAssigned(SRC, CAR)))
                    .containsExactly(new ResourceEvent.LabelUnassigned(SRC, CAR));
        }

        @Test
        void two_values_of_one_key_in_a_request_are_invalid_on_labels() {
            refused(() -> when(new ResourceCommand.AssignLabels(WS, SRC, List.of(DEV, PROD), false)),
                    DomainException.Kind.INVALID, "labels");
        }

        @Test
        void an_unknown_label_is_a_404_on_labels_and_assigns_nothing() {
            refused(() -> when(new ResourceCommand.AssignLabels(WS, SRC, List.of(PROD, new LabelRef("team", "x")), false)),
                    DomainException.Kind.NOT_FOUND, "labels");
        }

        @Test
        void every_type_carries_labels_unless_restricted_to_segment_behaviour() {
            assertThat(when(new ResourceCommand.AssignLabels(WS, WH, List.of(PROD), false)))
                    .containsExactly(new ResourceEvent.LabelAssigned(WH, PROD));
            refused(() -> ResourceDecider.decide(new ResourceCommand.AssignLabels(WS, WH, List.of(PROD), false), given(),
                    LabelPolicy.SEGMENT), DomainException.Kind.INVALID, "type");
            assertThat(ResourceDecider.decide(new ResourceCommand.AssignLabels(WS, SPACE, List.of(PROD), false), given(),
                    LabelPolicy.SEGMENT)).containsExactly(new ResourceEvent.LabelAssigned(SPACE, PROD));
        }
    }

    @Nested
    class Rename {
        @Test
        void renaming_a_label_on_1000_resources_is_one_event_and_relabels_them_all() {
            List<DomainEvent> history = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                ResourceRef ref = new ResourceRef(ResourceType.SOURCE, "src_m" + i);
                history.add(new ResourceEvent.ResourceCreated(ref, "S" + i, "s" + i, null, List.of()));
                history.add(new ResourceEvent.LabelAssigned(ref, PROD));
            }
            LabelRef production = new LabelRef("environment", "production");
            DomainEvent[] given = history.toArray(DomainEvent[]::new);
            List<ResourceEvent> events = when(new ResourceCommand.RenameLabel(WS, PROD, production), given);
            assertThat(events).containsExactly(new ResourceEvent.LabelRenamed(PROD, production));

            WorkspaceState after = given(given).evolve(events.get(0));
            assertThat(after.carrying(production)).hasSize(1000);
            assertThat(after.carrying(PROD)).isEmpty();
            assertThat(after.labels()).containsKey(production).doesNotContainKey(PROD);
            assertThat(after.labels().get(production)).isEqualTo("Production");
        }

        @Test
        void a_rename_carries_the_grants_using_the_label_along() {
            Grant onProdCar = new Grant(SOURCE_ADMIN, ResourceRef.workspace(WS), List.of(PROD, CAR));
            LabelRef live = new LabelRef("stage", "live");
            WorkspaceState after = given(new IdentityEvent.RoleGranted(Subject.user("usr_1"), onProdCar),
                    new ResourceEvent.LabelRenamed(PROD, live));
            assertThat(after.usagesOf(live)).extracting(LabelUsage::subjectId).containsExactly("usr_1");
            assertThat(after.usagesOf(PROD)).isEmpty();
            // identity-service relabels its stored grants on the same event, so it revokes the grant as relabelled
            Grant relabelled = new Grant(SOURCE_ADMIN, ResourceRef.workspace(WS), List.of(CAR, live));
            WorkspaceState revoked = after.evolve(new IdentityEvent.RoleRevoked(Subject.user("usr_1"), relabelled));
            assertThat(revoked.usagesOf(live)).isEmpty();
            assertThat(revoked.usagesOf(CAR)).isEmpty();
        }

        @Test
        void renaming_to_an_existing_label_is_a_conflict_on_to() {
            refused(() -> when(new ResourceCommand.RenameLabel(WS, DEV, PROD)), DomainException.Kind.CONFLICT, "to");
        }

        @Test
        void renaming_an_unknown_label_is_a_404_and_to_itself_changes_nothing() {
            refused(() -> when(new ResourceCommand.RenameLabel(WS, new LabelRef("x", "y"), CAR)),
                    DomainException.Kind.NOT_FOUND, "label");
            assertThat(when(new ResourceCommand.RenameLabel(WS, CAR, CAR))).isEmpty();
        }

        @Test
        void the_new_name_follows_the_label_format() {
            refused(() -> when(new ResourceCommand.RenameLabel(WS, CAR, new LabelRef("product", "2cv"))),
                    DomainException.Kind.INVALID, "to.value");
        }

        @Test
        void a_new_key_that_a_labelled_resource_already_has_would_give_it_two_values_and_is_refused() {
            // src_1 carries environment:prod and product:car; renaming product:car to environment:car would
            // give it two environments.
            refused(() -> when(new ResourceCommand.RenameLabel(WS, CAR, new LabelRef("environment", "car")),
                    new ResourceEvent.LabelAssigned(SRC, PROD), new ResourceEvent.LabelAssigned(SRC, CAR)),
                    DomainException.Kind.CONFLICT, "to");
            // without a clash it is fine
            assertThat(when(new ResourceCommand.RenameLabel(WS, CAR, new LabelRef("vehicle", "car")),
                    new ResourceEvent.LabelAssigned(SRC, PROD), new ResourceEvent.LabelAssigned(SRC, CAR))).hasSize(1);
        }
    }

    @Test
    void streams_keep_each_resource_apart_from_the_workspace_and_its_labels() {
        assertThat(ResourceStreams.of(WS, new ResourceEvent.LabelAssigned(SRC, PROD))).isEqualTo("resource:ws_1:src_1");
        assertThat(ResourceStreams.of(WS, new ResourceEvent.ResourcesConnected(SRC.id(), WH))).isEqualTo("resource:ws_1:wh_1");
        assertThat(ResourceStreams.of(WS, new ResourceEvent.LabelRenamed(PROD, CAR))).isEqualTo("workspace:ws_1");
    }

    @Test
    void slugs_are_derived_within_64_characters() {
        assertThat(Slugs.derive("  !!! ", java.util.Set.of())).isEqualTo("resource");
        String slug = Slugs.derive("x".repeat(100), java.util.Set.of("x".repeat(64)));
        assertThat(slug).hasSizeLessThanOrEqualTo(64).endsWith("-2").matches(Slugs.PATTERN);
    }
}
