package io.iamsuite.identity.api;

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
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** User groups over HTTP against real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class GroupResourceTest {
    @InjectInfra
    InfraInfo infra;

    private String ws;

    @BeforeEach
    void announceWorkspace() {
        ws = Workspaces.newId();
        Workspaces.announce(infra, ws);
    }

    private String addMember(String email, String role) {
        return given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}")
                .post("/workspaces/{ws}/members", ws).then().statusCode(201).extract().path("data.user.id");
    }

    private String createGroup(String name) {
        return given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}")
                .post("/workspaces/{ws}/groups", ws).then().statusCode(200)
                .body("data.userGroup.id", startsWith("grp_"))
                .body("data.userGroup.name", equalTo(name))
                .body("data.userGroup.memberCount", equalTo(0))
                .extract().path("data.userGroup.id");
    }

    @Test
    void a_group_is_created_renamed_listed_and_deleted() {
        String id = createGroup("Engineers");
        given().contentType(ContentType.JSON).body("{\"name\":\"engineers\"}").post("/workspaces/{ws}/groups", ws)
                .then().statusCode(409).body("errors[0].field", equalTo("name"));
        given().contentType(ContentType.JSON).body("{\"name\":\"Platform\"}")
                .patch("/workspaces/{ws}/groups/{id}", ws, id)
                .then().statusCode(200).body("data.userGroup.name", equalTo("Platform"));
        createGroup("Analysts");

        given().get("/workspaces/{ws}/groups", ws).then().statusCode(200)
                .body("data.userGroups.name", equalTo(List.of("Analysts", "Platform")))
                .body("data.pagination.totalEntries", equalTo(2));

        given().delete("/workspaces/{ws}/groups/{id}", ws, id).then().statusCode(200).body("data.status", equalTo("SUCCESS"));
        given().get("/workspaces/{ws}/groups/{id}", ws, id).then().statusCode(404).body("errors[0].field", equalTo("groupId"));
        given().delete("/workspaces/{ws}/groups/{id}", ws, id).then().statusCode(404);
    }

    @Test
    void members_are_added_replaced_removed_by_email_and_listed_both_ways() {
        String ada = addMember("ada@example.com", "OWNER");
        String bob = addMember("bob@example.com", "MEMBER");
        String cy = addMember("cy@example.com", "MEMBER");
        String id = createGroup("Engineers");

        given().contentType(ContentType.JSON).body("{\"emails\":[\"ADA@example.com\",\"bob@example.com\"]}")
                .post("/workspaces/{ws}/groups/{id}/users", ws, id)
                .then().statusCode(200).body("data.userGroup.memberCount", equalTo(2));
        given().get("/workspaces/{ws}/groups/{id}/users", ws, id).then().statusCode(200)
                .body("data.users.id", containsInAnyOrder(ada, bob));
        given().get("/workspaces/{ws}/users/{user}/groups", ws, bob).then().statusCode(200)
                .body("data.groups.id", equalTo(List.of(id)));

        given().contentType(ContentType.JSON).body("{\"emails\":[\"cy@example.com\",\"bob@example.com\"]}")
                .put("/workspaces/{ws}/groups/{id}/users", ws, id)
                .then().statusCode(200).body("data.userGroup.memberCount", equalTo(2));
        given().get("/workspaces/{ws}/groups/{id}/users", ws, id).then()
                .body("data.users.id", containsInAnyOrder(bob, cy));

        given().queryParam("emails", "bob@example.com").delete("/workspaces/{ws}/groups/{id}/users", ws, id)
                .then().statusCode(200).body("data.status", equalTo("SUCCESS"));
        given().get("/workspaces/{ws}/groups/{id}", ws, id).then().body("data.userGroup.memberCount", equalTo(1));

        given().contentType(ContentType.JSON).body("{\"emails\":[\"eve@example.com\"]}")
                .post("/workspaces/{ws}/groups/{id}/users", ws, id)
                .then().statusCode(404).body("errors[0].field", equalTo("emails"));
        given().contentType(ContentType.JSON).body("{\"emails\":[\"not-an-email\"]}")
                .post("/workspaces/{ws}/groups/{id}/users", ws, id)
                .then().statusCode(422).body("errors[0].field", startsWith("emails"));
        given().contentType(ContentType.JSON).body("{\"emails\":\"cy@example.com\"}")
                .post("/workspaces/{ws}/groups/{id}/users", ws, id)
                .then().statusCode(422).body("errors[0].field", equalTo("emails"));
    }

    @Test
    void removing_a_user_from_the_workspace_removes_them_from_their_groups() {
        addMember("ada@example.com", "OWNER");
        String bob = addMember("bob@example.com", "MEMBER");
        String id = createGroup("Engineers");
        given().contentType(ContentType.JSON).body("{\"emails\":[\"bob@example.com\"]}")
                .post("/workspaces/{ws}/groups/{id}/users", ws, id).then().statusCode(200);

        given().queryParam("userIds", bob).delete("/workspaces/{ws}/users", ws).then().statusCode(200);

        given().get("/workspaces/{ws}/groups/{id}", ws, id).then().statusCode(200)
                .body("data.userGroup.memberCount", equalTo(0));
        given().get("/workspaces/{ws}/groups/{id}/users", ws, id).then().body("data.users", empty());
    }

    @Test
    void concurrent_changes_to_one_group_lose_no_update() {
        int writers = 12;
        List<String> emails = java.util.stream.IntStream.range(0, writers)
                .mapToObj(i -> "user" + i + "@example.com").toList();
        emails.forEach(email -> addMember(email, "MEMBER"));
        String id = createGroup("Busy");

        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            var futures = emails.stream().map(email -> java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    given().contentType(ContentType.JSON).body("{\"emails\":[\"" + email + "\"]}")
                            .post("/workspaces/{ws}/groups/{id}/users", ws, id).statusCode(), pool)).toList();
            List<Integer> statuses = futures.stream().map(java.util.concurrent.CompletableFuture::join).toList();
            org.assertj.core.api.Assertions.assertThat(statuses).containsOnly(200);
        } finally {
            pool.shutdownNow();
        }

        given().get("/workspaces/{ws}/groups/{id}", ws, id).then().body("data.userGroup.memberCount", equalTo(writers));
    }

    @Test
    void bad_input_names_the_field() {
        given().contentType(ContentType.JSON).body("{}").post("/workspaces/{ws}/groups", ws)
                .then().statusCode(422).body("errors[0].field", equalTo("name"));
        given().contentType(ContentType.JSON).body("{\"name\":\"" + "n".repeat(256) + "\"}").post("/workspaces/{ws}/groups", ws)
                .then().statusCode(422).body("errors[0].field", equalTo("name"));
        given().contentType(ContentType.JSON).body("{\"name\":\"X\"}").post("/workspaces/{ws}/groups", "ws_nowhere")
                .then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
        given().queryParam("pagination.count", 0).get("/workspaces/{ws}/groups", ws)
                .then().statusCode(422).body("errors[0].field", equalTo("pagination.count"));
        String id = createGroup("Ops");
        given().delete("/workspaces/{ws}/groups/{id}/users", ws, id)
                .then().statusCode(422).body("errors[0].field", equalTo("emails"));
        given().get("/workspaces/{ws}/users/{user}/groups", ws, "usr_nobody")
                .then().statusCode(404).body("errors[0].field", equalTo("userId"));
        given().get("/workspaces/{ws}/groups", ws).then().body("data.userGroups", hasSize(1));
    }
}
