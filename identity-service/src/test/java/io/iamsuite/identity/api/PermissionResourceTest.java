package io.iamsuite.identity.api;

import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** Permissions of users and groups over HTTP against real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class PermissionResourceTest {
    static final String OWNER_ROLE = "1WDUuRLxv84rrfCNUwvkrRtkxnS";
    static final String SOURCE_ADMIN = "3Mf1CFsFeeMdzC2AAEIqGjRqFm0";
    static final String SOURCE_READ = "3Mf1CMGj5bho4MsFfAB53CUjEM6";
    static final String FUNCTION_ADMIN = "3Mf1CUfNqbQAwWnE3KTQR8nxx84";
    static final String WAREHOUSE_READ = "3Mf1CsjwkylDl48Fnd9nH2Uvjq3";

    @InjectInfra
    InfraInfo infra;

    private String ws;
    private String owner;
    private String bob;
    private long position;

    @BeforeEach
    void workspaceWithSourcesAndLabels() {
        ws = Workspaces.newId();
        Workspaces.announce(infra, ws);
        position = 1;
        resourceEvent(new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.SOURCE, "src_a"), "A", "a", null, List.of()));
        resourceEvent(new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.SOURCE, "src_b"), "B", "b", null, List.of()));
        resourceEvent(new ResourceEvent.LabelCreated(new LabelRef("environment", "prod"), null));
        resourceEvent(new ResourceEvent.LabelCreated(new LabelRef("product", "car"), null));
        Workspaces.awaitResourcePosition(infra, ws, position);
        owner = addMember("ada@example.com", "OWNER");
        bob = addMember("bob@example.com", "MEMBER");
    }

    private void resourceEvent(ResourceEvent event) {
        Workspaces.publish(infra, ws, ++position, event);
    }

    private String addMember(String email, String role) {
        return given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}")
                .post("/workspaces/{ws}/members", ws).then().statusCode(201).extract().path("data.user.id");
    }

    private String createGroup(String name) {
        return given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}")
                .post("/workspaces/{ws}/groups", ws).then().statusCode(200).extract().path("data.userGroup.id");
    }

    private static String permission(String roleId, String resources) {
        return "{\"roleId\":\"" + roleId + "\",\"resources\":[" + resources + "]}";
    }

    private static String source(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"SOURCE\"}";
    }

    private String workspaceWithLabels(String labels) {
        return "{\"id\":\"" + ws + "\",\"type\":\"WORKSPACE\",\"labels\":[" + labels + "]}";
    }

    private static String body(String... permissions) {
        return "{\"permissions\":[" + String.join(",", permissions) + "]}";
    }

    @Test
    void permissions_are_added_to_a_user_listed_and_shown_in_the_user() {
        given().contentType(ContentType.JSON).header("X-Request-Id", "req-perm-1")
                .body(body(permission(SOURCE_ADMIN, source("src_a") + "," + source("src_b")),
                        permission(SOURCE_READ, workspaceWithLabels(
                                "{\"key\":\"product\",\"value\":\"car\"},{\"key\":\"environment\",\"value\":\"prod\"}"))))
                .post("/workspaces/{ws}/users/{id}/permissions", ws, bob)
                .then().statusCode(200)
                .header("X-Consistency-Token", startsWith("ct1."))
                .body("data.permissions", hasSize(2))
                .body("data.permissions[0].roleId", equalTo(SOURCE_ADMIN))
                .body("data.permissions[0].roleName", equalTo("Source Admin"))
                .body("data.permissions[0].resources.id", equalTo(List.of("src_a", "src_b")))
                .body("data.permissions[1].resources[0].type", equalTo("WORKSPACE"))
                .body("data.permissions[1].resources[0].labels.key", equalTo(List.of("environment", "product")));

        given().get("/workspaces/{ws}/users/{id}", ws, bob).then().statusCode(200)
                .body("data.user.permissions.roleId", equalTo(List.of(SOURCE_ADMIN, SOURCE_READ)));
        given().get("/workspaces/{ws}/users/{id}/permissions", ws, bob).then().statusCode(200)
                .body("data.permissions[0].resources", hasSize(2));
        given().get("/workspaces/{ws}/users", ws).then().statusCode(200)
                .body("data.users.find { it.id == '" + bob + "' }.permissions", hasSize(2));

        List<EventEnvelope> events = Workspaces.identityEvents(infra, ws, 5);
        List<Object> grants = events.stream().map(EventEnvelope::data)
                .filter(e -> e instanceof IdentityEvent.RoleGranted).map(e -> (Object) e).toList();
        Subject subject = Subject.user(bob);
        assertThat(grants).containsExactly(
                new IdentityEvent.RoleGranted(subject, Grant.on(SOURCE_ADMIN, new ResourceRef(ResourceType.SOURCE, "src_a"))),
                new IdentityEvent.RoleGranted(subject, Grant.on(SOURCE_ADMIN, new ResourceRef(ResourceType.SOURCE, "src_b"))),
                new IdentityEvent.RoleGranted(subject, new Grant(SOURCE_READ, ResourceRef.workspace(ws),
                        List.of(new LabelRef("environment", "prod"), new LabelRef("product", "car")))));
        assertThat(events).filteredOn(e -> e.data() instanceof IdentityEvent.RoleGranted)
                .allSatisfy(e -> {
                    assertThat(e.requestId()).isEqualTo("req-perm-1");
                    assertThat(e.streamId()).isEqualTo("member:" + ws + ":" + bob);
                });
    }

    @Test
    void adding_the_same_permissions_again_writes_nothing() {
        String request = body(permission(SOURCE_ADMIN, source("src_a")));
        given().contentType(ContentType.JSON).body(request).post("/workspaces/{ws}/users/{id}/permissions", ws, bob)
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(request).post("/workspaces/{ws}/users/{id}/permissions", ws, bob)
                .then().statusCode(200).body("data.permissions[0].resources", hasSize(1));

        assertThat(Workspaces.identityEvents(infra, ws, 3))
                .filteredOn(e -> e.data() instanceof IdentityEvent.RoleGranted).hasSize(1);
    }

    @Test
    void a_groups_permissions_are_replaced_and_shown_in_the_group() {
        String group = createGroup("Engineers");
        given().contentType(ContentType.JSON).body(body(permission(SOURCE_ADMIN, source("src_a") + "," + source("src_b"))))
                .post("/workspaces/{ws}/groups/{id}/permissions", ws, group).then().statusCode(200);

        given().contentType(ContentType.JSON).body(body(permission(SOURCE_ADMIN, source("src_b")),
                        permission(WAREHOUSE_READ, "{\"id\":\"" + ws + "\",\"type\":\"WORKSPACE\"}")))
                .put("/workspaces/{ws}/groups/{id}/permissions", ws, group)
                .then().statusCode(200)
                .body("data.permissions.roleId", equalTo(List.of(SOURCE_ADMIN, WAREHOUSE_READ)))
                .body("data.permissions[0].resources.id", equalTo(List.of("src_b")));

        given().get("/workspaces/{ws}/groups/{id}", ws, group).then().statusCode(200)
                .body("data.userGroup.permissions.roleId", equalTo(List.of(SOURCE_ADMIN, WAREHOUSE_READ)));

        List<Object> changes = Workspaces.identityEvents(infra, ws, 7).stream().map(EventEnvelope::data)
                .filter(e -> e instanceof IdentityEvent.RoleGranted || e instanceof IdentityEvent.RoleRevoked)
                .map(e -> (Object) e).toList();
        Subject subject = Subject.group(group);
        assertThat(changes).containsExactly(
                new IdentityEvent.RoleGranted(subject, Grant.on(SOURCE_ADMIN, new ResourceRef(ResourceType.SOURCE, "src_a"))),
                new IdentityEvent.RoleGranted(subject, Grant.on(SOURCE_ADMIN, new ResourceRef(ResourceType.SOURCE, "src_b"))),
                new IdentityEvent.RoleRevoked(subject, Grant.on(SOURCE_ADMIN, new ResourceRef(ResourceType.SOURCE, "src_a"))),
                new IdentityEvent.RoleGranted(subject, Grant.on(WAREHOUSE_READ, ResourceRef.workspace(ws))));
    }

    @Test
    void workspace_owner_promotes_and_a_replacement_without_it_demotes() {
        given().contentType(ContentType.JSON).body(body(permission(OWNER_ROLE, "{\"id\":\"" + ws + "\",\"type\":\"WORKSPACE\"}")))
                .post("/workspaces/{ws}/users/{id}/permissions", ws, bob).then().statusCode(200);
        given().get("/workspaces/{ws}/users/{id}", ws, bob).then().statusCode(200)
                .body("data.user.role", equalTo("OWNER"))
                .body("data.user.permissions[0].roleName", equalTo("Workspace Owner"));

        given().contentType(ContentType.JSON).body(body(permission(SOURCE_READ, source("src_a"))))
                .put("/workspaces/{ws}/users/{id}/permissions", ws, owner).then().statusCode(200);
        given().get("/workspaces/{ws}/users/{id}", ws, owner).then().statusCode(200)
                .body("data.user.role", equalTo("MEMBER"))
                .body("data.user.permissions.roleId", equalTo(List.of(SOURCE_READ)));

        // bob is now the last owner
        given().contentType(ContentType.JSON).body(body())
                .put("/workspaces/{ws}/users/{id}/permissions", ws, bob)
                .then().statusCode(409).body("errors[0].field", equalTo("role"));
    }

    @Test
    void invalid_grants_are_refused_naming_the_field_and_nothing_is_written() throws Exception {
        long before = countEvents();
        String path = "/workspaces/{ws}/users/{id}/permissions";
        expect(body(permission("nope", source("src_a"))), path, bob, 422, "permissions[0].roleId");
        expect(body(permission(FUNCTION_ADMIN, source("src_a"))), path, bob, 422, "permissions[0].resources[0].type");
        expect(body(permission(SOURCE_ADMIN, source("src_a") + "," + source("src_zzz"))), path, bob, 404,
                "permissions[0].resources[1].id");
        expect(body(permission(SOURCE_ADMIN, workspaceWithLabels("{\"key\":\"team\",\"value\":\"x\"}"))), path, bob, 404,
                "permissions[0].resources[0].labels[0]");
        expect(body(permission(SOURCE_ADMIN, "{\"id\":\"src_a\",\"type\":\"PLANET\"}")), path, bob, 422,
                "permissions[0].resources[0].type");
        expect(body(permission(SOURCE_ADMIN, "{\"id\":\"ws_other\",\"type\":\"WORKSPACE\"}")), path, bob, 404,
                "permissions[0].resources[0].id");
        expect(body(permission(SOURCE_ADMIN, "")), path, bob, 422, "permissions[0].resources");
        expect(body(), path, bob, 422, "permissions");
        expect("{}", path, bob, 422, "permissions");
        expect(body(permission(SOURCE_ADMIN, source("src_a"))), path, "usr_nobody", 404, "userId");
        expect(body(permission(SOURCE_ADMIN, source("src_a"))), "/workspaces/{ws}/groups/{id}/permissions", "grp_nobody",
                404, "groupId");
        given().contentType(ContentType.JSON).body("{\"permissions\":[{\"roleId\":1}]}").post(path, ws, bob)
                .then().statusCode(422).body("errors[0].field", equalTo("permissions[0].roleId"));
        given().contentType(ContentType.JSON).body("{\"permissions\":[],\"extra\":true}").put(path, ws, bob)
                .then().statusCode(422).body("errors[0].field", equalTo("extra"));
        assertThat(countEvents()).isEqualTo(before);
    }

    @Test
    void a_deleted_resource_cannot_be_granted() {
        resourceEvent(new ResourceEvent.ResourceDeleted(new ResourceRef(ResourceType.SOURCE, "src_b")));
        Workspaces.awaitResourcePosition(infra, ws, position);

        expect(body(permission(SOURCE_ADMIN, source("src_b"))), "/workspaces/{ws}/users/{id}/permissions", bob, 404,
                "permissions[0].resources[0].id");
    }

    @Test
    void a_consistency_token_from_resource_service_waits_for_the_new_source() {
        resourceEvent(new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.SOURCE, "src_new"), "New", "new",
                null, List.of()));
        String token = ConsistencyToken.of(ws, EventSource.RESOURCE, position).encode();

        given().contentType(ContentType.JSON).header("X-Consistency-Token", token)
                .body(body(permission(SOURCE_ADMIN, source("src_new"))))
                .post("/workspaces/{ws}/users/{id}/permissions", ws, bob)
                .then().statusCode(200).body("data.permissions[0].resources[0].id", equalTo("src_new"));

        String ahead = ConsistencyToken.of(ws, EventSource.RESOURCE, position + 100).encode();
        given().contentType(ContentType.JSON).header("X-Consistency-Token", ahead)
                .body(body(permission(SOURCE_ADMIN, source("src_a"))))
                .post("/workspaces/{ws}/users/{id}/permissions", ws, bob)
                .then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        given().contentType(ContentType.JSON).header("X-Consistency-Token", "garbage")
                .body(body(permission(SOURCE_ADMIN, source("src_a"))))
                .post("/workspaces/{ws}/users/{id}/permissions", ws, bob)
                .then().statusCode(422).body("errors[0].field", equalTo("X-Consistency-Token"));
    }

    @Test
    void a_renamed_label_is_renamed_in_grants_and_removal_ends_grants() {
        given().contentType(ContentType.JSON)
                .body(body(permission(SOURCE_READ, workspaceWithLabels("{\"key\":\"environment\",\"value\":\"prod\"}"))))
                .post("/workspaces/{ws}/users/{id}/permissions", ws, bob).then().statusCode(200);

        resourceEvent(new ResourceEvent.LabelRenamed(new LabelRef("environment", "prod"), new LabelRef("environment", "production")));
        Workspaces.awaitResourcePosition(infra, ws, position);
        given().get("/workspaces/{ws}/users/{id}/permissions", ws, bob).then().statusCode(200)
                .body("data.permissions[0].resources[0].labels[0].value", equalTo("production"));

        given().delete("/workspaces/{ws}/users?userIds={id}", ws, bob).then().statusCode(200);
        given().get("/workspaces/{ws}/users/{id}/permissions", ws, bob).then().statusCode(404)
                .body("errors[0].field", equalTo("userId"));
    }

    @Test
    void a_write_after_a_rename_answers_a_token_that_covers_the_rename() {
        given().contentType(ContentType.JSON)
                .body(body(permission(SOURCE_READ, workspaceWithLabels("{\"key\":\"environment\",\"value\":\"prod\"}"))))
                .post("/workspaces/{ws}/users/{id}/permissions", ws, bob).then().statusCode(200);
        resourceEvent(new ResourceEvent.LabelRenamed(new LabelRef("environment", "prod"), new LabelRef("environment", "production")));
        Workspaces.awaitResourcePosition(infra, ws, position);

        // The revoke names the label by its new name: a reader must have the rename to tell what it revokes.
        String token = given().contentType(ContentType.JSON).body("{\"permissions\":[]}")
                .put("/workspaces/{ws}/users/{id}/permissions", ws, bob).then().statusCode(200)
                .extract().path("data.consistencyToken");
        List<EventEnvelope> events = Workspaces.identityEvents(infra, ws, 4);
        EventEnvelope revoke = events.get(events.size() - 1);
        assertThat(revoke.data()).isEqualTo(new IdentityEvent.RoleRevoked(Subject.user(bob), new Grant(SOURCE_READ,
                ResourceRef.workspace(ws), List.of(new LabelRef("environment", "production")))));
        ConsistencyToken decoded = ConsistencyToken.decode(token);
        assertThat(decoded.position(EventSource.IDENTITY)).isEqualTo(revoke.position());
        assertThat(decoded.position(EventSource.RESOURCE)).isEqualTo(position);
    }

    @Test
    void one_workspace_cannot_grant_another_workspaces_resources() {
        String other = Workspaces.newId();
        Workspaces.announce(infra, other);
        String carol = given().contentType(ContentType.JSON).body("{\"email\":\"carol@example.com\",\"role\":\"MEMBER\"}")
                .post("/workspaces/{ws}/members", other).then().statusCode(201).extract().path("data.user.id");

        given().contentType(ContentType.JSON).body(body(permission(SOURCE_ADMIN, source("src_a"))))
                .post("/workspaces/{ws}/users/{id}/permissions", other, carol)
                .then().statusCode(404).body("errors[0].field", equalTo("permissions[0].resources[0].id"));
        given().contentType(ContentType.JSON).body(body(permission(SOURCE_ADMIN, source("src_a"))))
                .post("/workspaces/{ws}/users/{id}/permissions", other, bob)
                .then().statusCode(404).body("errors[0].field", equalTo("userId"));
    }

    @Test
    void concurrent_additions_to_one_user_lose_no_grant() {
        for (int i = 0; i < 8; i++) {
            resourceEvent(new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.SOURCE, "src_c" + i), "C" + i,
                    "c" + i, null, List.of()));
        }
        Workspaces.awaitResourcePosition(infra, ws, position);

        List<java.util.concurrent.CompletableFuture<Integer>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String request = body(permission(SOURCE_READ, source("src_c" + i)));
            calls.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .body(request).post("/workspaces/{ws}/users/{id}/permissions", ws, bob).statusCode()));
        }
        assertThat(calls.stream().map(java.util.concurrent.CompletableFuture::join)).containsOnly(200);

        given().get("/workspaces/{ws}/users/{id}/permissions", ws, bob).then().statusCode(200)
                .body("data.permissions[0].resources", hasSize(8));
    }

    private void expect(String request, String path, String subject, int status, String field) {
        given().contentType(ContentType.JSON).body(request).post(path, ws, subject)
                .then().statusCode(status).body("errors[0].field", equalTo(field));
    }

    private long countEvents() throws Exception {
        try (var connection = infra.openConnection();
             var statement = connection.prepareStatement("SELECT count(*) FROM event_log WHERE workspace_id = ?")) {
            statement.setString(1, ws);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
