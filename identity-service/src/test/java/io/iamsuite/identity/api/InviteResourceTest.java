package io.iamsuite.identity.api;

import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
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

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** Invites over HTTP against real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class InviteResourceTest {
    private static final String SOURCE_ADMIN = PermissionResourceTest.SOURCE_ADMIN;

    @InjectInfra
    InfraInfo infra;

    private String ws;
    private String group;

    @BeforeEach
    void workspaceWithASourceAndAGroup() {
        ws = Workspaces.newId();
        Workspaces.announce(infra, ws);
        Workspaces.publish(infra, ws, 2, new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.SOURCE, "src_a"),
                "A", "a", null, List.of()));
        Workspaces.awaitResourcePosition(infra, ws, 2);
        given().contentType(ContentType.JSON).body("{\"email\":\"ada@example.com\",\"role\":\"OWNER\"}")
                .post("/workspaces/{ws}/members", ws).then().statusCode(201);
        group = given().contentType(ContentType.JSON).body("{\"name\":\"Engineers\"}")
                .post("/workspaces/{ws}/groups", ws).then().statusCode(200).extract().path("data.userGroup.id");
    }

    private String invite(String email) {
        return given().contentType(ContentType.JSON).header("X-Request-Id", "req-invite")
                .body("{\"invites\":[{\"email\":\"" + email + "\",\"permissions\":[{\"roleId\":\"" + SOURCE_ADMIN
                        + "\",\"resources\":[{\"id\":\"src_a\",\"type\":\"SOURCE\"}]}],\"groupIds\":[\"" + group + "\"]}]}")
                .post("/workspaces/{ws}/invites", ws)
                .then().statusCode(201)
                .header("X-Consistency-Token", startsWith("ct1."))
                .body("data.emails", equalTo(List.of(email)))
                .extract().path("data.invites[0].id");
    }

    @Test
    void an_invite_is_listed_held_by_its_group_and_accepted_into_exactly_the_invited_membership() {
        String inviteId = invite("bob@example.com");

        given().get("/workspaces/{ws}/invites", ws).then().statusCode(200)
                .body("data.invites", equalTo(List.of("bob@example.com")))
                .body("data.inviteDetails[0].id", equalTo(inviteId))
                .body("data.inviteDetails[0].groupIds", equalTo(List.of(group)))
                .body("data.inviteDetails[0].permissions[0].roleId", equalTo(SOURCE_ADMIN))
                .body("data.pagination.totalEntries", equalTo(1));
        given().get("/workspaces/{ws}/groups/{id}/invites", ws, group).then().statusCode(200)
                .body("data.emails", equalTo(List.of("bob@example.com")));

        String userId = given().contentType(ContentType.JSON).body("{\"name\":\"Bob\"}")
                .post("/workspaces/{ws}/invites/{id}/accept", ws, inviteId)
                .then().statusCode(201)
                .body("data.user.email", equalTo("bob@example.com"))
                .body("data.user.role", equalTo("MEMBER"))
                .body("data.user.permissions[0].roleId", equalTo(SOURCE_ADMIN))
                .extract().path("data.user.id");

        given().get("/workspaces/{ws}/invites", ws).then().statusCode(200).body("data.invites", empty());
        given().get("/workspaces/{ws}/groups/{id}/invites", ws, group).then().body("data.emails", empty());
        given().get("/workspaces/{ws}/groups/{id}/users", ws, group).then()
                .body("data.users.email", equalTo(List.of("bob@example.com")));
        given().get("/workspaces/{ws}/invites/{id}", ws, inviteId).then().statusCode(200)
                .body("data.invite.status", equalTo("ACCEPTED"));
        given().contentType(ContentType.JSON).body("{}").post("/workspaces/{ws}/invites/{id}/accept", ws, inviteId)
                .then().statusCode(409).body("errors[0].field", equalTo("inviteId"));

        List<Object> events = Workspaces.identityEvents(infra, ws, 9).stream().map(EventEnvelope::data)
                .filter(e -> !(e instanceof IdentityEvent.GroupCreated))
                .filter(e -> !(e instanceof IdentityEvent.MemberAdded added && added.role() == MemberRole.OWNER))
                .map(e -> (Object) e).toList();
        IdentityEvent.InviteSent sent = (IdentityEvent.InviteSent) events.get(0);
        assertThat(sent.grants()).containsExactly(Grant.on(SOURCE_ADMIN, new ResourceRef(ResourceType.SOURCE, "src_a")));
        assertThat(events.subList(1, events.size())).containsExactly(
                new IdentityEvent.GroupInviteAdded(group, inviteId, "bob@example.com"),
                new IdentityEvent.InviteAccepted(inviteId, "bob@example.com", userId),
                new IdentityEvent.MemberAdded(userId, "bob@example.com", "Bob", MemberRole.MEMBER),
                new IdentityEvent.RoleGranted(Subject.user(userId), Grant.on(SOURCE_ADMIN, new ResourceRef(ResourceType.SOURCE, "src_a"))),
                new IdentityEvent.GroupInviteRemoved(group, inviteId, "bob@example.com"),
                new IdentityEvent.GroupMemberAdded(group, userId));
    }

    @Test
    void a_revoked_invite_cannot_be_accepted_and_unknown_emails_revoke_nothing() {
        String inviteId = invite("bob@example.com");
        given().queryParam("emails", "bob@example.com,nobody@example.com").delete("/workspaces/{ws}/invites", ws)
                .then().statusCode(404).body("errors[0].field", equalTo("emails"));
        given().get("/workspaces/{ws}/invites", ws).then().body("data.invites", hasSize(1));

        given().queryParam("emails", "BOB@example.com").delete("/workspaces/{ws}/invites", ws)
                .then().statusCode(200).body("data.status", equalTo("SUCCESS"));
        given().get("/workspaces/{ws}/invites", ws).then().body("data.invites", empty());
        given().get("/workspaces/{ws}/groups/{id}/invites", ws, group).then().body("data.emails", empty());
        given().contentType(ContentType.JSON).body("{}").post("/workspaces/{ws}/invites/{id}/accept", ws, inviteId)
                .then().statusCode(409).body("errors[0].field", equalTo("inviteId"));
        given().post("/workspaces/{ws}/invites/{id}/resend", ws, inviteId)
                .then().statusCode(409).body("errors[0].field", equalTo("inviteId"));
        given().delete("/workspaces/{ws}/invites", ws).then().statusCode(422).body("errors[0].field", equalTo("emails"));
    }

    @Test
    void an_expired_invite_is_refused_hidden_recorded_by_the_sweeper_and_resending_renews_a_pending_one() throws Exception {
        String pending = invite("cy@example.com");
        Instant before = Instant.parse(given().get("/workspaces/{ws}/invites/{id}", ws, pending).then()
                .extract().path("data.invite.expiresAt"));
        assertThat(before).isBetween(Instant.now().plus(Duration.ofDays(7)).minusSeconds(120),
                Instant.now().plus(Duration.ofDays(7)).plusSeconds(5));
        given().post("/workspaces/{ws}/invites/{id}/resend", ws, pending).then().statusCode(200)
                .body("data.invite.id", equalTo(pending));

        String expiring = invite("bob@example.com");
        try (var connection = infra.openConnection();
             var statement = connection.prepareStatement("UPDATE invites SET expires_at = now() - interval '1 second'"
                     + " WHERE workspace_id = ? AND invite_id = ?")) {
            statement.setString(1, ws);
            statement.setString(2, expiring);
            statement.executeUpdate();
        }
        given().contentType(ContentType.JSON).body("{}").post("/workspaces/{ws}/invites/{id}/accept", ws, expiring)
                .then().statusCode(409).body("errors[0].field", equalTo("inviteId"));
        given().get("/workspaces/{ws}/invites", ws).then().body("data.invites", equalTo(List.of("cy@example.com")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/workspaces/{ws}/invites/{id}", ws, expiring).then().body("data.invite.status", equalTo("EXPIRED")));
        assertThat(Workspaces.identityEvents(infra, ws, 9).stream().map(EventEnvelope::data))
                .contains(new IdentityEvent.InviteExpired(expiring, "bob@example.com"),
                        new IdentityEvent.GroupInviteRemoved(group, expiring, "bob@example.com"));
        // The email can be invited again once the old invite expired.
        invite("bob@example.com");
    }

    @Test
    void groups_take_pending_invites_by_email_alongside_members() {
        invite("bob@example.com");
        String ops = given().contentType(ContentType.JSON).body("{\"name\":\"Ops\"}")
                .post("/workspaces/{ws}/groups", ws).then().statusCode(200).extract().path("data.userGroup.id");

        given().contentType(ContentType.JSON).body("{\"emails\":[\"ada@example.com\",\"Bob@example.com\"]}")
                .put("/workspaces/{ws}/groups/{id}/users", ws, ops).then().statusCode(200)
                .body("data.userGroup.memberCount", equalTo(1));
        given().get("/workspaces/{ws}/groups/{id}/invites", ws, ops).then().body("data.emails", equalTo(List.of("bob@example.com")));
        given().queryParam("emails", "bob@example.com").delete("/workspaces/{ws}/groups/{id}/users", ws, ops)
                .then().statusCode(200);
        given().get("/workspaces/{ws}/groups/{id}/invites", ws, ops).then().body("data.emails", empty());
        given().get("/workspaces/{ws}/groups/{id}/users", ws, ops).then().body("data.users.email",
                containsInAnyOrder("ada@example.com"));
    }

    @Test
    void bad_invites_are_refused_naming_the_field_and_nothing_is_written() throws Exception {
        invite("bob@example.com");
        long before = countEvents();
        expect("{\"invites\":[{\"email\":\"not-an-email\"}]}", 422, "invites[0].email");
        expect("{\"invites\":[{\"email\":\"x@example.com\"},{\"email\":\"X@example.com\"}]}", 422, "invites[1].email");
        expect("{\"invites\":[{\"email\":\"ada@example.com\"}]}", 409, "invites[0].email");
        expect("{\"invites\":[{\"email\":\"bob@example.com\"}]}", 409, "invites[0].email");
        expect("{\"invites\":[{\"email\":\"x@example.com\",\"groupIds\":[\"grp_nope\"]}]}", 404, "invites[0].groupIds[0]");
        expect("{\"invites\":[{\"email\":\"x@example.com\",\"permissions\":[{\"roleId\":\"nope\"}]}]}", 422,
                "invites[0].permissions[0].roleId");
        expect("{\"invites\":[{\"email\":\"x@example.com\",\"permissions\":[{\"roleId\":\"" + SOURCE_ADMIN
                + "\",\"resources\":[{\"id\":\"src_gone\",\"type\":\"SOURCE\"}]}]}]}", 404,
                "invites[0].permissions[0].resources[0].id");
        expect("{\"invites\":[]}", 422, "invites");
        expect("{}", 422, "invites");
        given().contentType(ContentType.JSON).body("{}").post("/workspaces/{ws}/invites/{id}/accept", ws, "inv_nope")
                .then().statusCode(404).body("errors[0].field", equalTo("inviteId"));
        given().get("/workspaces/{ws}/invites/{id}", ws, "inv_nope").then().statusCode(404);
        assertThat(countEvents()).isEqualTo(before);
    }

    @Test
    void a_consistency_token_from_resource_service_waits_for_a_new_source_to_invite_on() {
        // Published without waiting: the token makes createInvites wait until the registry has applied it.
        Workspaces.publish(infra, ws, 3, new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.SOURCE, "src_new"),
                "New", "new", null, List.of()));
        String token = ConsistencyToken.of(ws, EventSource.RESOURCE, 3).encode();
        String body = "{\"invites\":[{\"email\":\"new@example.com\",\"permissions\":[{\"roleId\":\"" + SOURCE_ADMIN
                + "\",\"resources\":[{\"id\":\"src_new\",\"type\":\"SOURCE\"}]}]}]}";
        given().contentType(ContentType.JSON).header("X-Consistency-Token", token).body(body)
                .post("/workspaces/{ws}/invites", ws)
                .then().statusCode(201).body("data.emails", equalTo(List.of("new@example.com")));
        given().contentType(ContentType.JSON).header("X-Consistency-Token", "garbage").body(body)
                .post("/workspaces/{ws}/invites", ws)
                .then().statusCode(422).body("errors[0].field", equalTo("X-Consistency-Token"));
    }

    @Test
    void another_workspace_sees_none_of_the_invites() {
        String inviteId = invite("bob@example.com");
        String other = Workspaces.newId();
        Workspaces.announce(infra, other);
        given().get("/workspaces/{ws}/invites", other).then().statusCode(200).body("data.invites", empty());
        given().get("/workspaces/{ws}/invites/{id}", other, inviteId).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{}").post("/workspaces/{ws}/invites/{id}/accept", other, inviteId)
                .then().statusCode(404);
        given().queryParam("emails", "bob@example.com").delete("/workspaces/{ws}/invites", other).then().statusCode(404);
    }

    private void expect(String body, int status, String field) {
        given().contentType(ContentType.JSON).body(body).post("/workspaces/{ws}/invites", ws)
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
