package io.iamsuite.token.api;

import io.iamsuite.auth.TokenSecrets;
import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Tokens over HTTP against real PostgreSQL and Kafka: issue, list, rotate, replace, revoke, expire, introspect. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class TokenResourceTest {
    static final String SOURCE_ADMIN = "3Mf1CFsFeeMdzC2AAEIqGjRqFm0";
    static final String SOURCE_READ = "3Mf1CMGj5bho4MsFfAB53CUjEM6";
    static final String OWNER_ROLE = "1WDUuRLxv84rrfCNUwvkrRtkxnS";

    @InjectInfra
    InfraInfo infra;

    private String ws;

    @BeforeEach
    void workspaceWithASourceAndALabel() {
        ws = Infra.newWorkspaceId();
        Infra.announce(infra, ws);
        Infra.publishResource(infra, ws, 2, new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.SOURCE, "src_a"),
                "A", "a", null, List.of()));
        Infra.publishResource(infra, ws, 3, new ResourceEvent.LabelCreated(new LabelRef("environment", "prod"), ""));
        Infra.awaitResourcePosition(infra, ws, 3);
    }

    private String memberBody() {
        return "{\"description\":\"CI deploys\",\"access\":\"MEMBER\",\"permissions\":["
                + "{\"roleId\":\"" + SOURCE_ADMIN + "\",\"resources\":[{\"id\":\"src_a\",\"type\":\"SOURCE\"}]},"
                + "{\"roleId\":\"" + SOURCE_READ + "\",\"resources\":[{\"id\":\"" + ws + "\",\"type\":\"WORKSPACE\","
                + "\"labels\":[{\"key\":\"environment\",\"value\":\"prod\"}]}]}]}";
    }

    private ExtractableResponse<Response> issue(String body) {
        return given().contentType(ContentType.JSON).header("X-Iam-Actor", "usr_ada").body(body)
                .post("/workspaces/{ws}/tokens", ws).then().statusCode(201).extract();
    }

    private String introspect(String secret) {
        return given().contentType(ContentType.JSON).body("{\"secret\":\"" + secret + "\"}")
                .post("/workspaces/{ws}/tokens/introspect", ws).then().statusCode(200)
                .body("data.secret", nullValue())
                .extract().path("data.active").toString();
    }

    @Test
    void a_member_token_is_issued_with_its_secret_once_and_listed_without_it() {
        var issued = given().contentType(ContentType.JSON).header("X-Iam-Actor", "usr_ada").body(memberBody())
                .post("/workspaces/{ws}/tokens", ws).then().statusCode(201)
                .header("X-Consistency-Token", startsWith("ct1."))
                .body("data.token.description", equalTo("CI deploys"))
                .body("data.token.access", equalTo("MEMBER"))
                .body("data.token.permissions[0].roleId", equalTo(SOURCE_ADMIN))
                .body("data.token.permissions[0].resources[0].id", equalTo("src_a"))
                .body("data.token.permissions[1].resources[0].labels[0].value", equalTo("prod"))
                .body("data.token.createdBy", equalTo("usr_ada"))
                .body("data.token.createdAt", notNullValue())
                .body("data.token.status", equalTo("ACTIVE"))
                .body("data.token.creatorDeparted", equalTo(false))
                .body("data.token.lastUsedAt", nullValue())
                .body("data.consistencyToken", startsWith("ct1."))
                .extract();
        String secret = issued.path("data.secret");
        String tokenId = issued.path("data.token.id");
        assertThat(TokenSecrets.looksLikeSecret(secret)).isTrue();
        assertThat(tokenId).startsWith("tok_");

        String listing = given().get("/workspaces/{ws}/tokens", ws).then().statusCode(200)
                .body("data.tokens", hasSize(1))
                .body("data.tokens[0].id", equalTo(tokenId))
                .body("data.pagination.totalEntries", equalTo(1))
                .extract().asString();
        String one = given().get("/workspaces/{ws}/tokens/{id}", ws, tokenId).then().statusCode(200)
                .body("data.token.id", equalTo(tokenId)).extract().asString();
        assertThat(listing + one).doesNotContain(secret).doesNotContain(TokenSecrets.hash(secret));
        assertThat(introspect(secret)).isEqualTo("true");
        given().contentType(ContentType.JSON).body("{\"secret\":\"" + secret + "\"}")
                .post("/workspaces/{ws}/tokens/introspect", ws).then()
                .body("data.tokenId", equalTo(tokenId)).body("data.workspaceId", equalTo(ws))
                .body("data.access", equalTo("MEMBER"));

        List<String> records = Infra.tokenRecords(infra, ws, 1);
        assertThat(String.join("\n", records)).doesNotContain(secret);
        var event = (TokenEvent.TokenIssued) Infra.tokenEvents(infra, ws, 1).get(0).data();
        assertThat(event).isEqualTo(new TokenEvent.TokenIssued(tokenId, "CI deploys", TokenEvent.Access.MEMBER,
                List.of(Grant.on(SOURCE_ADMIN, new ResourceRef(ResourceType.SOURCE, "src_a")),
                        new Grant(SOURCE_READ, ResourceRef.workspace(ws), List.of(new LabelRef("environment", "prod")))),
                TokenSecrets.hash(secret), "usr_ada", null));
    }

    @Test
    void an_owner_token_takes_no_permissions_and_workspace_owner_is_not_a_permission() {
        issue("{\"description\":\"Ops\",\"access\":\"OWNER\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}");
        given().contentType(ContentType.JSON).body("{\"description\":\"x\",\"access\":\"MEMBER\",\"permissions\":"
                        + "[{\"roleId\":\"" + OWNER_ROLE + "\",\"resources\":[{\"id\":\"" + ws + "\",\"type\":\"WORKSPACE\"}]}]}")
                .post("/workspaces/{ws}/tokens", ws).then().statusCode(422)
                .body("errors[0].field", equalTo("permissions[0].roleId"));
        given().contentType(ContentType.JSON).body("{\"description\":\"x\",\"access\":\"OWNER\",\"permissions\":"
                        + "[{\"roleId\":\"" + SOURCE_ADMIN + "\",\"resources\":[{\"id\":\"src_a\",\"type\":\"SOURCE\"}]}]}")
                .post("/workspaces/{ws}/tokens", ws).then().statusCode(422).body("errors[0].field", equalTo("permissions"));
        given().contentType(ContentType.JSON).body("{\"description\":\"x\",\"access\":\"MEMBER\"}")
                .post("/workspaces/{ws}/tokens", ws).then().statusCode(422).body("errors[0].field", equalTo("permissions"));
        given().contentType(ContentType.JSON).body("{\"description\":\"x\",\"access\":\"MEMBER\",\"permissions\":"
                        + "[{\"roleId\":\"" + SOURCE_ADMIN + "\",\"resources\":[{\"id\":\"src_gone\",\"type\":\"SOURCE\"}]}]}")
                .post("/workspaces/{ws}/tokens", ws).then().statusCode(404)
                .body("errors[0].field", equalTo("permissions[0].resources[0].id"));
        given().contentType(ContentType.JSON).body("{\"description\":\"x\",\"access\":\"OWNER\"}")
                .post("/workspaces/{ws}/tokens", "ws_unknown").then().statusCode(404)
                .body("errors[0].field", equalTo("workspaceId"));
        given().get("/workspaces/{ws}/tokens", ws).then().body("data.tokens", hasSize(1))
                .body("data.tokens[0].access", equalTo("OWNER")).body("data.tokens[0].permissions", hasSize(0));
    }

    @Test
    void issuing_and_replacing_permissions_answer_tokens_that_cover_the_resource_events_they_named() {
        // The grants name labels as this service knows them (after renames a reader may not have applied yet).
        var issued = issue(memberBody());
        ConsistencyToken onIssue = ConsistencyToken.decode(issued.path("data.consistencyToken"));
        assertThat(onIssue.position(EventSource.TOKEN)).isEqualTo(1);
        assertThat(onIssue.position(EventSource.RESOURCE)).isEqualTo(3);

        Infra.publishResource(infra, ws, 4, new ResourceEvent.LabelRenamed(new LabelRef("environment", "prod"),
                new LabelRef("environment", "production")));
        Infra.awaitResourcePosition(infra, ws, 4);
        String replaced = given().contentType(ContentType.JSON).body("{\"permissions\":[{\"roleId\":\"" + SOURCE_READ
                        + "\",\"resources\":[{\"id\":\"" + ws + "\",\"type\":\"WORKSPACE\",\"labels\":"
                        + "[{\"key\":\"environment\",\"value\":\"production\"}]}]}]}")
                .put("/workspaces/{ws}/tokens/{id}/permissions", ws, issued.path("data.token.id").toString())
                .then().statusCode(200).extract().path("data.consistencyToken");
        ConsistencyToken onReplace = ConsistencyToken.decode(replaced);
        assertThat(onReplace.position(EventSource.TOKEN)).isEqualTo(2);
        assertThat(onReplace.position(EventSource.RESOURCE)).isEqualTo(4);
    }

    @Test
    void rotating_keeps_the_old_secret_for_the_grace_then_a_zero_grace_ends_it_at_once() throws Exception {
        var issued = issue(memberBody());
        String first = issued.path("data.secret");
        String tokenId = issued.path("data.token.id");

        var rotated = given().post("/workspaces/{ws}/tokens/{id}/rotate", ws, tokenId).then().statusCode(200)
                .body("data.token.id", equalTo(tokenId))
                .body("data.token.permissions", hasSize(2))
                .body("data.consistencyToken", startsWith("ct1."))
                .extract();
        String second = rotated.path("data.secret");
        assertThat(second).isNotEqualTo(first);
        Instant until = Instant.parse(rotated.path("data.previousValidUntil"));
        assertThat(until).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(introspect(first)).isEqualTo("true");
        assertThat(introspect(second)).isEqualTo("true");

        var third = given().contentType(ContentType.JSON).body("{\"gracePeriodSeconds\":0}")
                .post("/workspaces/{ws}/tokens/{id}/rotate", ws, tokenId).then().statusCode(200).extract();
        assertThat(introspect(first)).isEqualTo("false");
        assertThat(introspect(second)).isEqualTo("false");
        assertThat(introspect(third.path("data.secret"))).isEqualTo("true");

        given().contentType(ContentType.JSON).body("{\"gracePeriodSeconds\":3601}")
                .post("/workspaces/{ws}/tokens/{id}/rotate", ws, tokenId).then().statusCode(422)
                .body("errors[0].field", equalTo("gracePeriodSeconds"));
        given().contentType(ContentType.JSON).body("{\"gracePeriodSeconds\":\"soon\"}")
                .post("/workspaces/{ws}/tokens/{id}/rotate", ws, tokenId).then().statusCode(422)
                .body("errors[0].field", equalTo("gracePeriodSeconds"));
        given().post("/workspaces/{ws}/tokens/{id}/rotate", ws, "tok_nope").then().statusCode(404)
                .body("errors[0].field", equalTo("tokenId"));

        List<EventEnvelope> events = Infra.tokenEvents(infra, ws, 3);
        assertThat(events).extracting(EventEnvelope::eventType).containsExactly("token.token-issued",
                "token.token-rotated", "token.token-rotated");
        assertThat(events).extracting(EventEnvelope::streamId).containsOnly("token:" + ws + ":" + tokenId);
        assertThat(((TokenEvent.TokenRotated) events.get(1).data()).secretHash()).isEqualTo(TokenSecrets.hash(second));
    }

    @Test
    void permissions_are_replaced_and_the_secret_stays() {
        var issued = issue(memberBody());
        String tokenId = issued.path("data.token.id");
        given().contentType(ContentType.JSON).body("{\"permissions\":[{\"roleId\":\"" + SOURCE_READ
                        + "\",\"resources\":[{\"id\":\"src_a\",\"type\":\"SOURCE\"}]}]}")
                .put("/workspaces/{ws}/tokens/{id}/permissions", ws, tokenId).then().statusCode(200)
                .body("data.token.permissions", hasSize(1))
                .body("data.token.permissions[0].roleName", equalTo("Source Read-only"))
                .body("data.token.access", equalTo("MEMBER"));
        given().contentType(ContentType.JSON).body("{\"access\":\"OWNER\",\"permissions\":[]}")
                .put("/workspaces/{ws}/tokens/{id}/permissions", ws, tokenId).then().statusCode(200)
                .body("data.token.access", equalTo("OWNER")).body("data.token.permissions", hasSize(0));
        given().contentType(ContentType.JSON).body("{\"access\":\"MEMBER\"}")
                .put("/workspaces/{ws}/tokens/{id}/permissions", ws, tokenId).then().statusCode(422)
                .body("errors[0].field", equalTo("permissions"));
        assertThat(introspect(issued.path("data.secret"))).isEqualTo("true");
    }

    @Test
    void a_revoked_token_is_inactive_at_once_and_revoking_again_records_nothing() throws Exception {
        var issued = issue(memberBody());
        String tokenId = issued.path("data.token.id");
        given().delete("/workspaces/{ws}/tokens/{id}", ws, tokenId).then().statusCode(200)
                .body("data.token.status", equalTo("REVOKED"));
        assertThat(introspect(issued.path("data.secret"))).isEqualTo("false");
        long events = Infra.eventCount(infra, ws);
        given().delete("/workspaces/{ws}/tokens/{id}", ws, tokenId).then().statusCode(200)
                .body("data.token.status", equalTo("REVOKED"));
        assertThat(Infra.eventCount(infra, ws)).isEqualTo(events);
        given().post("/workspaces/{ws}/tokens/{id}/rotate", ws, tokenId).then().statusCode(409)
                .body("errors[0].field", equalTo("tokenId"));
        given().delete("/workspaces/{ws}/tokens/{id}", ws, "tok_nope").then().statusCode(404);
        assertThat(Infra.tokenEvents(infra, ws, 2)).extracting(EventEnvelope::eventType)
                .containsExactly("token.token-issued", "token.token-revoked");
    }

    @Test
    void a_token_expires_at_its_time_and_the_sweeper_records_it() {
        var issued = issue("{\"description\":\"short\",\"access\":\"OWNER\",\"expiresAt\":\""
                + Instant.now().plusSeconds(2) + "\"}");
        String tokenId = issued.path("data.token.id");
        assertThat(introspect(issued.path("data.secret"))).isEqualTo("true");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Infra.tokenEvents(infra, ws, 2))
                .extracting(EventEnvelope::data).contains(new TokenEvent.TokenExpired(tokenId)));
        given().get("/workspaces/{ws}/tokens/{id}", ws, tokenId).then().body("data.token.status", equalTo("EXPIRED"));
        assertThat(introspect(issued.path("data.secret"))).isEqualTo("false");
        given().contentType(ContentType.JSON).body("{\"description\":\"past\",\"access\":\"OWNER\",\"expiresAt\":\""
                        + Instant.now().minusSeconds(1) + "\"}")
                .post("/workspaces/{ws}/tokens", ws).then().statusCode(422).body("errors[0].field", equalTo("expiresAt"));
    }

    @Test
    void the_tokens_of_a_removed_member_are_flagged_and_keep_working() {
        var bobs = issue("{\"description\":\"Bob's\",\"access\":\"OWNER\"}");
        String adas = issue("{\"description\":\"Ada's\",\"access\":\"OWNER\"}").path("data.token.id");
        given().contentType(ContentType.JSON).header("X-Iam-Actor", "usr_bob").body("{\"description\":\"Bob's 2\",\"access\":\"OWNER\"}")
                .post("/workspaces/{ws}/tokens", ws).then().statusCode(201).body("data.token.createdBy", equalTo("usr_bob"));
        String bob2 = given().get("/workspaces/{ws}/tokens", ws).then().extract().path("data.tokens[2].id");

        Infra.publish(infra, "identity", ws, 7, new IdentityEvent.MemberRemoved("usr_bob", "bob@example.com"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/workspaces/{ws}/tokens/{id}", ws, bob2)
                .then().body("data.token.creatorDeparted", equalTo(true)));
        given().get("/workspaces/{ws}/tokens/{id}", ws, adas).then().body("data.token.creatorDeparted", equalTo(false));
        given().get("/workspaces/{ws}/tokens/{id}", ws, bobs.path("data.token.id").toString())
                .then().body("data.token.creatorDeparted", equalTo(false));
        assertThat(Infra.tokenEvents(infra, ws, 4)).extracting(EventEnvelope::data)
                .contains(new TokenEvent.TokenCreatorDeparted(bob2, "usr_bob"));
    }

    @Test
    void tokens_are_listed_page_by_page_oldest_first() {
        for (int i = 0; i < 3; i++) {
            issue("{\"description\":\"t" + i + "\",\"access\":\"OWNER\"}");
        }
        String next = given().queryParam("pagination.count", 2).get("/workspaces/{ws}/tokens", ws).then().statusCode(200)
                .body("data.tokens.description", equalTo(List.of("t0", "t1")))
                .body("data.pagination.totalEntries", equalTo(3))
                .extract().path("data.pagination.next");
        given().queryParam("pagination[count]", 2).queryParam("pagination[cursor]", next)
                .get("/workspaces/{ws}/tokens", ws).then().statusCode(200)
                .body("data.tokens.description", equalTo(List.of("t2")))
                .body("data.pagination.next", nullValue())
                .body("data.pagination.previous", not(nullValue()));
    }

    @Test
    void a_secret_of_another_workspace_or_of_no_shape_is_inactive_and_never_echoed() {
        String secret = issue("{\"description\":\"x\",\"access\":\"OWNER\"}").path("data.secret");
        String other = Infra.newWorkspaceId();
        Infra.announce(infra, other);
        String answer = given().contentType(ContentType.JSON).body("{\"secret\":\"" + secret + "\"}")
                .post("/workspaces/{ws}/tokens/introspect", other).then().statusCode(200)
                .body("data.active", equalTo(false)).body("data.tokenId", nullValue()).extract().asString();
        assertThat(answer).doesNotContain(secret);
        given().contentType(ContentType.JSON).body("{\"secret\":\"not-a-secret\"}")
                .post("/workspaces/{ws}/tokens/introspect", ws).then().statusCode(200).body("data.active", equalTo(false));
        given().contentType(ContentType.JSON).body("{\"secret\":\"" + TokenSecrets.generate() + "\"}")
                .post("/workspaces/{ws}/tokens/introspect", ws).then().statusCode(200).body("data.active", equalTo(false));
    }
}
