package io.iamsuite.policy.api;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.iamsuite.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** listAuditEvents over HTTP, fed from a real broker: filters, pagination, owners only, bad input. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class AuditResourceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @InjectInfra
    InfraInfo infra;

    private String workspace;
    private final Map<EventSource, Long> positions = new EnumMap<>(EventSource.class);

    @BeforeEach
    void aWorkspaceWithSixEvents() {
        workspace = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        positions.clear();
        ResourceRef source = new ResourceRef(ResourceType.SOURCE, "src_1");
        publish(EventSource.RESOURCE, 0, new ResourceEvent.WorkspaceCreated(workspace, "Acme", "acme"));
        publish(EventSource.IDENTITY, 1, new IdentityEvent.MemberAdded("usr_ada", "ada@x.io", "Ada", MemberRole.OWNER));
        publish(EventSource.IDENTITY, 2, new IdentityEvent.MemberAdded("usr_bob", "bob@x.io", "Bob", MemberRole.MEMBER));
        publish(EventSource.RESOURCE, 3, new ResourceEvent.ResourceCreated(source, "Web", "web", null, List.of()));
        publish(EventSource.IDENTITY, 4, new IdentityEvent.GroupCreated("grp_1", "Trucks"));
        publish(EventSource.RESOURCE, 5, new ResourceEvent.LabelAssigned(source, new LabelRef("env", "prod")));
        await().atMost(Duration.ofSeconds(30)).until(() -> list("pagination.count=100").path("data.events.size()")
                .equals(6));
    }

    @Test
    void lists_newest_first_in_segments_shape() {
        Response all = list("pagination.count=100");
        assertThat(all.<List<String>>path("data.events.type")).containsExactly("Source Modified", "User Group Created",
                "Source Created", "User Added To Workspace", "User Added To Workspace", "Workspace Created");
        assertThat(all.<String>path("data.events[0].resourceId")).isEqualTo("src_1");
        assertThat(all.<String>path("data.events[0].resourceType")).isEqualTo("Source");
        assertThat(all.<String>path("data.events[0].resourceName")).isEqualTo("Web");
        assertThat(all.<String>path("data.events[0].timestamp")).isEqualTo(T0.plusSeconds(5).toString());
        assertThat(all.<String>path("data.events[0].actor")).isEqualTo("usr_ada");
        assertThat(all.<String>path("data.events[0].actorEmail")).isEqualTo("ada@x.io");
        assertThat(all.<String>path("data.pagination.next")).isNull();
    }

    @Test
    void filters_by_resource_and_time() {
        assertThat(list("resourceType=Source").<List<String>>path("data.events.type"))
                .containsExactly("Source Modified", "Source Created");
        assertThat(list("resourceId=usr_bob").<List<String>>path("data.events.resourceName")).containsExactly("bob@x.io");
        assertThat(list("startTime=" + T0.plusSeconds(2) + "&endTime=" + T0.plusSeconds(4)).<List<String>>path("data.events.type"))
                .containsExactly("User Group Created", "Source Created", "User Added To Workspace");
        assertThat(list("startTime=" + T0.plusSeconds(5)).<List<String>>path("data.events.type")).containsExactly("Source Modified");
        assertThat(list("endTime=" + T0).<List<String>>path("data.events.type")).containsExactly("Workspace Created");
    }

    @Test
    void pages_follow_next_until_it_is_absent() {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = list("pagination.count=4" + (cursor == null ? "" : "&pagination.cursor=" + cursor));
            ids.addAll(page.path("data.events.id"));
            cursor = page.path("data.pagination.next");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(2);
        assertThat(ids).hasSize(6).doesNotHaveDuplicates();
        assertThat(ids).isEqualTo(list("pagination.count=100").<List<String>>path("data.events.id"));
        // The SDK's spelling of the same.
        assertThat(list("pagination%5Bcount%5D=2").<List<String>>path("data.events.id")).isEqualTo(ids.subList(0, 2));
    }

    @Test
    void owners_only_and_only_their_own_workspace() {
        String owner = TestTokens.issue(infra, workspace, TokenEvent.Access.OWNER, List.of(), null);
        String member = TestTokens.issue(infra, workspace, TokenEvent.Access.MEMBER, List.of(), null);
        String stranger = TestTokens.issue(infra, "ws_other_" + UUID.randomUUID().toString().substring(0, 6),
                TokenEvent.Access.OWNER, List.of(), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", "Bearer " + owner)
                .get("/audit-events").statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", "Bearer " + member)
                .get("/audit-events").statusCode() != 401);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", "Bearer " + stranger)
                .get("/audit-events").statusCode() != 401);

        given().header("Authorization", "Bearer " + owner).get("/audit-events").then().statusCode(200)
                .body("data.events[0].type", equalTo("Source Modified"));
        given().header("Authorization", "Bearer " + member).get("/audit-events").then().statusCode(403);
        given().header("Authorization", "Bearer " + stranger).get("/workspaces/" + workspace + "/audit-events")
                .then().statusCode(404).body("errors[0].field", equalTo("workspaceId"));
    }

    @Test
    void an_unknown_workspace_is_404() {
        given().get("/workspaces/ws_never_seen/audit-events").then().statusCode(404)
                .body("errors[0].field", equalTo("workspaceId"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad start time      | startTime=yesterday                                   | startTime",
            "bad end time        | endTime=2026-13-01T00:00:00Z                         | endTime",
            "end before start    | startTime=2026-03-02T00:00:00Z&endTime=2026-03-01T00:00:00Z | endTime",
            "bad cursor          | pagination.cursor=garbage                             | pagination.cursor",
            "another list cursor | pagination.cursor=cm9sZXNAMToxMA                      | pagination.cursor",
            "zero count          | pagination.count=0                                    | pagination.count",
            "huge count          | pagination.count=1001                                 | pagination.count",
            "word count          | pagination.count=abc                                  | pagination.count",
            "unknown parameter   | colour=red                                            | colour",
    })
    void bad_input_answers_422_naming_the_field(String name, String query, String field) {
        given().urlEncodingEnabled(false).get("/workspaces/" + workspace + "/audit-events?" + query).then().statusCode(422)
                .body("errors[0].field", equalTo(field));
    }

    private Response list(String query) {
        return given().urlEncodingEnabled(false).get("/workspaces/" + workspace + "/audit-events?" + query);
    }

    private void publish(EventSource source, int second, DomainEvent event) {
        long position = positions.merge(source, 1L, Long::sum);
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(),
                io.iamsuite.events.EventTypes.currentVersion(event.getClass()), workspace, "stream", position,
                position, T0.plusSeconds(second), Actor.user("usr_ada"), "req-" + second, event);
        infra.send(infra.eventsTopic(source.id()), workspace, EventCodec.standard().encodeToString(envelope));
    }
}
