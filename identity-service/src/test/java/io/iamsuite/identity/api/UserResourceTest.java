package io.iamsuite.identity.api;

import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Members beyond adding them: list, get, look up by email, promote/demote, remove; against real infra. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class UserResourceTest {
    @InjectInfra
    InfraInfo infra;

    private String workspaceId;

    @BeforeEach
    void announceWorkspace() {
        workspaceId = Workspaces.newId();
        Workspaces.announce(infra, workspaceId);
    }

    private String add(String email, String role) {
        return given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"name\":\"N\",\"role\":\"" + role + "\"}")
                .post("/workspaces/{ws}/members", workspaceId).then().statusCode(201).extract().path("data.user.id");
    }

    @Test
    void listing_250_users_page_by_page_returns_each_exactly_once_in_email_order() {
        List<String> added = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            added.add(add(String.format("user%03d@example.com", i), i == 0 ? "OWNER" : "MEMBER"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("pagination.count", 100);
            if (cursor != null) {
                request = request.queryParam("pagination.cursor", cursor);
            }
            var page = request.get("/workspaces/{ws}/users", workspaceId).then().statusCode(200)
                    .body("data.pagination.totalEntries", equalTo(250)).extract();
            seen.addAll(page.path("data.users.id"));
            cursor = page.path("data.pagination.next");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(added);
    }

    @Test
    void an_owner_shows_the_workspace_owner_role_and_a_member_no_permission_yet() {
        String ada = add("ada@example.com", "OWNER");
        String bob = add("bob@example.com", "MEMBER");

        given().get("/workspaces/{ws}/users/{id}", workspaceId, ada).then().statusCode(200)
                .body("data.user.email", equalTo("ada@example.com"))
                .body("data.user.permissions[0].roleName", equalTo("Workspace Owner"))
                .body("data.user.permissions[0].resources[0].type", equalTo("WORKSPACE"))
                .body("data.user.permissions[0].resources[0].id", equalTo(workspaceId));
        given().get("/workspaces/{ws}/users/{id}", workspaceId, bob).then().statusCode(200)
                .body("data.user.permissions", empty());
        given().get("/workspaces/{ws}/users/{id}", workspaceId, "usr_nobody").then().statusCode(404)
                .body("errors[0].field", equalTo("userId"));
    }

    @Test
    void a_member_is_found_by_email_in_any_case() {
        String ada = add("Ada@Example.com", "OWNER");

        given().queryParam("email", "ADA@example.COM").get("/workspaces/{ws}/members", workspaceId)
                .then().statusCode(200).body("data.user.id", equalTo(ada));
        given().queryParam("email", "nobody@example.com").get("/workspaces/{ws}/members", workspaceId)
                .then().statusCode(404).body("errors[0].field", equalTo("email"));
        given().get("/workspaces/{ws}/members", workspaceId)
                .then().statusCode(422).body("errors[0].field", equalTo("email"));
    }

    @Test
    void promote_demote_and_the_last_owner_rule() throws SQLException {
        String ada = add("ada@example.com", "OWNER");
        String bob = add("bob@example.com", "MEMBER");

        given().contentType(ContentType.JSON).body("{\"role\":\"MEMBER\"}")
                .put("/workspaces/{ws}/members/{id}/role", workspaceId, ada)
                .then().statusCode(409).body("errors[0].field", equalTo("role"));
        given().contentType(ContentType.JSON).body("{\"role\":\"OWNER\"}")
                .put("/workspaces/{ws}/members/{id}/role", workspaceId, bob)
                .then().statusCode(200).body("data.user.role", equalTo("OWNER"));
        given().contentType(ContentType.JSON).body("{\"role\":\"MEMBER\"}")
                .put("/workspaces/{ws}/members/{id}/role", workspaceId, ada)
                .then().statusCode(200).body("data.user.role", equalTo("MEMBER"))
                .body("data.user.permissions", empty());
        given().contentType(ContentType.JSON).body("{\"role\":\"KING\"}")
                .put("/workspaces/{ws}/members/{id}/role", workspaceId, ada)
                .then().statusCode(422).body("errors[0].field", equalTo("role"));
        given().contentType(ContentType.JSON).body("{\"role\":\"OWNER\"}")
                .put("/workspaces/{ws}/members/{id}/role", workspaceId, "usr_nobody")
                .then().statusCode(404).body("errors[0].field", equalTo("userId"));

        assertThat(eventTypes()).containsExactly("identity.member-added", "identity.member-added",
                "identity.member-role-changed", "identity.member-role-changed");
    }

    @Test
    void delete_users_removes_them_all_or_none() throws SQLException {
        String ada = add("ada@example.com", "OWNER");
        String bob = add("bob@example.com", "MEMBER");
        String cy = add("cy@example.com", "MEMBER");

        given().queryParam("userIds", bob + ",usr_nobody").delete("/workspaces/{ws}/users", workspaceId)
                .then().statusCode(404).body("errors[0].field", equalTo("userIds"));
        given().queryParam("userIds", ada).delete("/workspaces/{ws}/users", workspaceId)
                .then().statusCode(409).body("errors[0].field", equalTo("userIds"));
        given().delete("/workspaces/{ws}/users", workspaceId)
                .then().statusCode(422).body("errors[0].field", equalTo("userIds"));
        assertThat(eventTypes()).hasSize(3);

        given().queryParam("userIds", bob).queryParam("userIds", cy).delete("/workspaces/{ws}/users", workspaceId)
                .then().statusCode(200).body("data.status", equalTo("SUCCESS"));

        given().get("/workspaces/{ws}/users", workspaceId).then().statusCode(200)
                .body("data.users", hasSize(1)).body("data.users[0].id", equalTo(ada))
                .body("data.pagination.next", nullValue());
        assertThat(eventTypes()).endsWith("identity.member-removed", "identity.member-removed");
        // The email of a removed member is free again.
        add("bob@example.com", "MEMBER");
    }

    @Test
    void bad_cursors_and_counts_and_unknown_workspaces_answer_4xx_naming_the_field() {
        for (String count : List.of("0", "1001", "abc")) {
            given().queryParam("pagination.count", count).get("/workspaces/{ws}/users", workspaceId)
                    .then().statusCode(422).body("errors[0].field", equalTo("pagination.count"));
        }
        given().queryParam("pagination.cursor", "bm9wZQ").get("/workspaces/{ws}/users", workspaceId)
                .then().statusCode(422).body("errors[0].field", equalTo("pagination.cursor"));
        given().get("/workspaces/{ws}/users", "ws_nowhere")
                .then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
    }

    @Test
    void users_of_one_workspace_never_appear_in_another() {
        String ada = add("ada@example.com", "OWNER");
        String mine = workspaceId;

        given().get("/workspaces/{ws}/users/{id}", "ws_other", ada).then().statusCode(404);
        Set<String> listed = new HashSet<>(given().get("/workspaces/{ws}/users", mine).then().extract().path("data.users.id"));
        assertThat(listed).containsExactly(ada);
    }

    private List<String> eventTypes() throws SQLException {
        List<String> types = new ArrayList<>();
        try (var connection = infra.openConnection();
             var statement = connection.prepareStatement(
                     "SELECT event_type FROM event_log WHERE workspace_id = ? ORDER BY position")) {
            statement.setString(1, workspaceId);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                }
            }
        }
        return types;
    }
}
