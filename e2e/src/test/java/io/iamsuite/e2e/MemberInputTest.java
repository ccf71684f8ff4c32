package io.iamsuite.e2e;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.iamsuite.e2e.Api.atLeastAsFresh;
import static io.iamsuite.e2e.Api.memberBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to {@code POST /workspaces/{id}/members} through the gateway: a 4xx in the error envelope naming the
 * field, and nothing left behind (no member row, no event, no event-store head for an unknown workspace).
 * The last test adds a fresh member and compares identity-service's tables with the accepted writes.
 */
@ExtendWith(RunningSuite.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemberInputTest {
    private static final int MAX_BODY_BYTES = 256 * 1024;

    private final Api api;
    private final IdentityDb db;
    private final String run = Api.unique();
    private Api.Workspace workspace;
    /** Every member this class added successfully. */
    private final List<Api.Member> accepted = new ArrayList<>();
    private final String unknownWorkspace = "ws_e2e_unknown_" + run;

    MemberInputTest(Suite suite) {
        this.api = new Api(suite);
        this.db = new IdentityDb(suite);
    }

    /** A workspace identity-service already knows (the first add waits for that), with an owner. */
    @BeforeAll
    void workspaceWithOwner() {
        workspace = api.createWorkspace();
        accepted.add(api.addMember(workspace.id(), "owner-" + run + "@example.com", "OWNER"));
    }

    private String rejected(String what) {
        return "rejected-" + what + "-" + run + "@example.com";
    }

    private Response post(Object body) {
        return api.postMember(workspace.id(), body);
    }

    @Test
    @Order(1)
    void missingEmail() {
        Api.assertError(post(Map.of("name", "No Email", "role", "MEMBER")), 422, "email");
    }

    @Test
    @Order(2)
    void malformedEmail() {
        Api.assertError(post(memberBody("rejected-malformed-" + run + "-at-example.com", "Bad", "MEMBER")),
                422, "email");
    }

    @Test
    @Order(3)
    void unknownRole() {
        Api.assertError(post(memberBody(rejected("role"), "Role", "ADMIN")), 422, "role");
    }

    @Test
    @Order(4)
    void missingRole() {
        Api.assertError(post(Map.of("email", rejected("norole"), "name", "No Role")), 422, "role");
    }

    @Test
    @Order(5)
    void emailAsNumber() {
        Api.assertError(post("{\"email\": 12345, \"name\": \"Number\", \"role\": \"MEMBER\"}"), 422, "email");
    }

    @Test
    @Order(6)
    void unknownWorkspace() {
        Response response = api.postMember(unknownWorkspace, memberBody(rejected("ws"), "Nowhere", "MEMBER"));
        Api.assertError(response, 404, "workspaceId");
    }

    @Test
    @Order(7)
    void oversizedBody() {
        String name = "x".repeat(MAX_BODY_BYTES + 1024);
        String body = "{\"email\": \"" + rejected("big") + "\", \"name\": \"" + name + "\", \"role\": \"MEMBER\"}";
        assertThat(body.length()).isGreaterThan(MAX_BODY_BYTES);
        Api.assertError(post(body), 413, "body");
    }

    @Test
    @Order(8)
    void wrongContentType() {
        Response response = api.bare().contentType("text/plain")
                .body("{\"email\": \"" + rejected("text") + "\", \"role\": \"MEMBER\"}")
                .post("/workspaces/{workspaceId}/members", workspace.id());
        Api.assertError(response, 415, "Content-Type");
    }

    @Test
    @Order(9)
    void malformedJson() {
        Api.assertError(post("{\"email\": \"" + rejected("json") + "\", \"role\": "), 400, "body");
    }

    @Test
    @Order(10)
    void jsonArrayBody() {
        Api.assertError(post("[{\"email\": \"" + rejected("array") + "\", \"role\": \"MEMBER\"}]"), 400, "body");
    }

    @Test
    @Order(11)
    void duplicateEmailInAnotherCase() {
        String email = "Dup-" + run + "@Example.COM";
        accepted.add(api.addMember(workspace.id(), email, "MEMBER"));
        Response response = post(memberBody(email.toLowerCase(), "Duplicate", "OWNER"));
        Api.assertError(response, 409, "email");
        Response upper = post(memberBody(email.toUpperCase(), "Duplicate", "MEMBER"));
        Api.assertError(upper, 409, "email");
    }

    @Test
    @Order(100)
    void nothingWasLeftBehind() {
        Api.Member fresh = api.addMember(workspace.id(), "fresh-" + run + "@example.com", "MEMBER");
        accepted.add(fresh);

        // The policy projection, as fresh as the last write, knows exactly the accepted roles.
        var consistency = atLeastAsFresh(fresh.token());
        for (Api.Member m : accepted) {
            assertThat(api.check(workspace.id(), m.id(), consistency)).as("check for %s", m).isEqualTo(m.owner());
        }

        // identity-service's state and event log hold the accepted writes and nothing else.
        assertThat(db.members(workspace.id()))
                .extracting(IdentityDb.MemberRow::userId, IdentityDb.MemberRow::email, IdentityDb.MemberRow::role)
                .containsExactlyInAnyOrderElementsOf(accepted.stream()
                        .map(m -> org.assertj.core.groups.Tuple.tuple(m.id(), m.email(), m.role())).toList());
        List<IdentityDb.EventRow> events = db.events(workspace.id());
        assertThat(events).extracting(IdentityDb.EventRow::streamId)
                .containsExactlyInAnyOrderElementsOf(accepted.stream()
                        .map(m -> "member:" + workspace.id() + ":" + m.id()).toList());
        assertThat(events).extracting(IdentityDb.EventRow::eventType).allMatch(t -> t.endsWith("member-added"));
        assertThat(events).extracting(IdentityDb.EventRow::position)
                .as("gap-free positions: rejected requests consumed none")
                .containsExactly(java.util.stream.LongStream.rangeClosed(1, accepted.size()).boxed()
                        .toArray(Long[]::new));
        assertThat(db.head(workspace.id())).containsExactly((long) accepted.size());

        // The unknown workspace got nothing at all.
        assertThat(db.members(unknownWorkspace)).isEmpty();
        assertThat(db.events(unknownWorkspace)).isEmpty();
        assertThat(db.head(unknownWorkspace)).as("event-store head row of the unknown workspace").isEmpty();
    }
}
