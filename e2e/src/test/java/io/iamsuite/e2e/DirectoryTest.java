package io.iamsuite.e2e;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.iamsuite.e2e.Api.atLeastAsFresh;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Members and user groups through the gateway: the workspace creation's token carried on the first member
 * write (no 404 window), Segment-shaped listings, groups, promotion and the last-owner rule, and removal,
 * with the policy projection following each write.
 */
@ExtendWith(RunningSuite.class)
class DirectoryTest {
    private final Api api;

    DirectoryTest(Suite suite) {
        this.api = new Api(suite);
    }

    private Response addWithToken(String workspaceId, String creationToken, String email, String role) {
        return api.json().header("X-Consistency-Token", creationToken)
                .body(Api.memberBody(email, "E2E", role))
                .post("/workspaces/{ws}/members", workspaceId);
    }

    @Test
    void membersAndGroupsRoundTrip() {
        Api.Workspace workspace = api.createWorkspace();
        String ws = workspace.id();

        // With the creation's token, identity-service waits for the workspace instead of answering 404.
        Api.Member ada = Api.member(addWithToken(ws, workspace.token(), "ada-" + Api.unique() + "@example.com", "OWNER"));
        Api.Member bob = Api.member(addWithToken(ws, workspace.token(), "bob-" + Api.unique() + "@example.com", "MEMBER"));

        Response users = api.bare().queryParam("pagination.count", 1).get("/workspaces/{ws}/users", ws);
        assertThat(users.statusCode()).as(users.asString()).isEqualTo(200);
        assertThat((Integer) users.path("data.pagination.totalEntries")).isEqualTo(2);
        assertThat((String) users.path("data.pagination.next")).isNotBlank();

        Response group = api.json().body(Map.of("name", "Engineers")).post("/workspaces/{ws}/groups", ws);
        assertThat(group.statusCode()).as(group.asString()).isEqualTo(200);
        String groupId = group.path("data.userGroup.id");
        Response added = api.json().body(Map.of("emails", List.of(bob.email())))
                .post("/workspaces/{ws}/groups/{id}/users", ws, groupId);
        assertThat(added.statusCode()).as(added.asString()).isEqualTo(200);
        assertThat((Integer) added.path("data.userGroup.memberCount")).isEqualTo(1);
        List<String> bobsGroups = api.bare().get("/workspaces/{ws}/users/{id}/groups", ws, bob.id())
                .path("data.groups.id");
        assertThat(bobsGroups).containsExactly(groupId);

        // The last owner stays; a promotion lets the first owner step down; the projection follows.
        Response refused = api.json().body(Map.of("role", "MEMBER")).put("/workspaces/{ws}/members/{id}/role", ws, ada.id());
        Api.assertError(refused, 409, "role");
        Response promoted = api.json().body(Map.of("role", "OWNER")).put("/workspaces/{ws}/members/{id}/role", ws, bob.id());
        assertThat(promoted.statusCode()).as(promoted.asString()).isEqualTo(200);
        assertThat(api.check(ws, bob.id(), atLeastAsFresh((String) promoted.path("data.consistencyToken")))).isTrue();

        Response removed = api.bare().queryParam("userIds", ada.id()).delete("/workspaces/{ws}/users", ws);
        assertThat(removed.statusCode()).as(removed.asString()).isEqualTo(200);
        assertThat(api.check(ws, ada.id(), atLeastAsFresh((String) removed.path("data.consistencyToken")))).isFalse();

        Response found = api.bare().queryParam("email", bob.email().toUpperCase()).get("/workspaces/{ws}/members", ws);
        assertThat((String) found.path("data.user.id")).isEqualTo(bob.id());
        Response roles = api.bare().get("/roles");
        assertThat(roles.statusCode()).isEqualTo(200);
        assertThat((List<?>) roles.path("data.roles")).isNotEmpty();
    }
}
