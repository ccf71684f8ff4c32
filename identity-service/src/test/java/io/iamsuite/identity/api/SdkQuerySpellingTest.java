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
import static org.hamcrest.Matchers.equalTo;

/**
 * The official Segment SDK's HTTP library sends arrays as {@code userIds[0]=a&userIds[1]=b} (and pagination as
 * {@code pagination[count]=n}): both are read like Segment's documented spellings.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class SdkQuerySpellingTest {
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

    @Test
    void indexed_user_ids_remove_every_named_user() {
        addMember("owner@example.com", "OWNER");
        String bob = addMember("bob@example.com", "MEMBER");
        String cy = addMember("cy@example.com", "MEMBER");
        addMember("dee@example.com", "MEMBER");

        given().queryParam("userIds[0]", bob).queryParam("userIds[1]", cy).delete("/workspaces/{ws}/users", ws)
                .then().statusCode(200).body("data.status", equalTo("SUCCESS"));
        given().queryParam("pagination[count]", 10).get("/workspaces/{ws}/users", ws).then().statusCode(200)
                .body("data.users.email", equalTo(List.of("dee@example.com", "owner@example.com")));
    }

    @Test
    void indexed_emails_leave_the_group_and_pagination_keys_are_not_taken_for_lists() {
        addMember("owner@example.com", "OWNER");
        addMember("bob@example.com", "MEMBER");
        addMember("cy@example.com", "MEMBER");
        String group = given().contentType(ContentType.JSON).body("{\"name\":\"Team\"}")
                .post("/workspaces/{ws}/groups", ws).then().statusCode(200).extract().path("data.userGroup.id");
        given().contentType(ContentType.JSON).body("{\"emails\":[\"bob@example.com\",\"cy@example.com\",\"owner@example.com\"]}")
                .post("/workspaces/{ws}/groups/{id}/users", ws, group).then().statusCode(200);

        given().queryParam("emails[0]", "bob@example.com").queryParam("emails[1]", "cy@example.com")
                .delete("/workspaces/{ws}/groups/{id}/users", ws, group)
                .then().statusCode(200).body("data.status", equalTo("SUCCESS"));
        given().queryParam("pagination[count]", 1).queryParam("pagination[cursor]", "not-a-cursor")
                .get("/workspaces/{ws}/groups/{id}/users", ws, group)
                .then().statusCode(422).body("errors[0].field", equalTo("pagination.cursor"));
        given().get("/workspaces/{ws}/groups/{id}/users", ws, group).then().statusCode(200)
                .body("data.users.email", equalTo(List.of("owner@example.com")));
    }
}
