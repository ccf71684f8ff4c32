package io.iamsuite.token.api;

import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.iamsuite.token.store.TokenUsage;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Last-used times: memory per use, one batched UPDATE per flush. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class TokenUsageTest {
    @InjectInfra
    InfraInfo infra;

    @Inject
    TokenUsage usage;

    @Inject
    Scheduler scheduler;

    private String issue(String ws, String description) {
        return given().contentType(ContentType.JSON).body("{\"description\":\"" + description + "\",\"access\":\"OWNER\"}")
                .post("/workspaces/{ws}/tokens", ws).then().statusCode(201).extract().path("data.token.id");
    }

    private Instant stored(String ws, String tokenId) throws Exception {
        try (var connection = infra.openConnection();
             var statement = connection.prepareStatement(
                     "SELECT last_used_at FROM tokens WHERE workspace_id = ? AND token_id = ?")) {
            statement.setString(1, ws);
            statement.setString(2, tokenId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                Timestamp at = rows.getTimestamp(1);
                return at == null ? null : at.toInstant();
            }
        }
    }

    @Test
    void a_thousand_uses_of_three_tokens_cost_one_write() throws Exception {
        String ws = Infra.newWorkspaceId();
        Infra.announce(infra, ws);
        String a = issue(ws, "a");
        String b = issue(ws, "b");
        String c = issue(ws, "c");
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        scheduler.pause(TokenUsage.FLUSH_JOB);
        try {
            usage.flush().await().atMost(Duration.ofSeconds(10));
            long before = usage.flushStatements();
            String[] ids = {a, b, c};
            for (int i = 0; i < 1000; i++) {
                usage.recordUse(ws, ids[i % 3], start.plusMillis(i));
            }
            // Listed at once from memory, before any write.
            given().get("/workspaces/{ws}/tokens/{id}", ws, a).then()
                    .body("data.token.lastUsedAt", equalTo(start.plusMillis(999).toString()));
            assertThat(stored(ws, a)).isNull();

            assertThat(usage.flush().await().atMost(Duration.ofSeconds(10))).isEqualTo(3);
            assertThat(usage.flushStatements() - before).isEqualTo(1);
            assertThat(stored(ws, a)).isEqualTo(start.plusMillis(999));
            assertThat(stored(ws, b)).isEqualTo(start.plusMillis(997));
            assertThat(stored(ws, c)).isEqualTo(start.plusMillis(998));

            // An older observation arriving late never moves the time back; nothing pending, nothing written.
            usage.recordUse(ws, a, start);
            usage.flush().await().atMost(Duration.ofSeconds(10));
            assertThat(stored(ws, a)).isEqualTo(start.plusMillis(999));
            long after = usage.flushStatements();
            assertThat(usage.flush().await().atMost(Duration.ofSeconds(10))).isZero();
            assertThat(usage.flushStatements()).isEqualTo(after);
        } finally {
            scheduler.resume(TokenUsage.FLUSH_JOB);
        }
    }

    @Test
    void the_scheduled_flush_writes_what_was_used() {
        String ws = Infra.newWorkspaceId();
        Infra.announce(infra, ws);
        String tokenId = issue(ws, "scheduled");
        Instant used = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        usage.recordUse(ws, tokenId, used);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stored(ws, tokenId)).isEqualTo(used));
        given().get("/workspaces/{ws}/tokens", ws).then().body("data.tokens[0].lastUsedAt", equalTo(used.toString()));
    }
}
