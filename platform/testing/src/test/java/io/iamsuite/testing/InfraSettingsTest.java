package io.iamsuite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InfraSettingsTest {

    private static final PgEndpoint EMBEDDED = new PgEndpoint("127.0.0.1", 40001, "postgres", "postgres");

    @Test
    void withoutVariablesKafkaIsEmbeddedAndPostgresIsTheLocalOneIfReachable() {
        InfraSettings settings = InfraSettings.from(Map.of());

        assertInstanceOf(InfraSettings.KafkaChoice.Embedded.class, settings.kafka());
        assertEquals("127.0.0.1:1", settings.resolveKafka(() -> "127.0.0.1:1"));

        List<PgEndpoint> probed = new ArrayList<>();
        PgEndpoint local = settings.resolvePostgres(candidate -> probed.add(candidate), () -> fail("no fallback"));
        assertEquals(new PgEndpoint("127.0.0.1", 5432, "postgres", "postgres"), local);
        assertEquals(List.of(local), probed);
        assertFalse(settings.keepDatabases());
    }

    @Test
    void anUnreachableLocalPostgresFallsBackToTheEmbeddedOne() {
        InfraSettings settings = InfraSettings.from(Map.of());
        assertEquals(EMBEDDED, settings.resolvePostgres(candidate -> false, () -> EMBEDDED));
    }

    @Test
    void ciVariablesNameTheBrokerAndTheServerAndNothingIsProbedOrStarted() {
        InfraSettings settings = InfraSettings.from(Map.of(
                "IAM_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:19092",
                "IAM_TEST_PG", "db.internal:6543",
                "IAM_TEST_PG_USER", "ci",
                "IAM_TEST_PG_PASSWORD", "secret",
                "IAM_TEST_KEEP_DATABASES", "true"));

        assertEquals("127.0.0.1:19092", settings.resolveKafka(() -> fail("must not start a broker")));
        assertEquals(new PgEndpoint("db.internal", 6543, "ci", "secret"),
                settings.resolvePostgres(candidate -> fail("must not probe"), () -> fail("must not start one")));
        assertTrue(settings.keepDatabases());
    }

    @Test
    void embeddedKeywordsForceTheInJvmServers() {
        InfraSettings settings = InfraSettings.from(Map.of("IAM_TEST_KAFKA_BOOTSTRAP", "embedded",
                "IAM_TEST_PG", "EMBEDDED"));
        assertInstanceOf(InfraSettings.KafkaChoice.Embedded.class, settings.kafka());
        assertEquals(EMBEDDED, settings.resolvePostgres(candidate -> fail("must not probe"), () -> EMBEDDED));
    }

    @Test
    void blankVariablesCountAsUnset() {
        InfraSettings settings = InfraSettings.from(Map.of("IAM_TEST_KAFKA_BOOTSTRAP", " ", "IAM_TEST_PG", ""));
        assertInstanceOf(InfraSettings.KafkaChoice.Embedded.class, settings.kafka());
        assertInstanceOf(InfraSettings.PostgresChoice.LocalIfReachable.class, settings.postgres());
    }

    @Test
    void parsesHostPortForms() {
        assertEquals(new PgEndpoint("localhost", 5432, "u", "p"), InfraSettings.parseHostPort("localhost", "u", "p"));
        assertEquals(new PgEndpoint("10.0.0.5", 5433, "u", "p"), InfraSettings.parseHostPort("10.0.0.5:5433", "u", "p"));
        assertEquals(new PgEndpoint("::1", 5434, "u", "p"), InfraSettings.parseHostPort("[::1]:5434", "u", "p"));
        assertEquals("jdbc:postgresql://[::1]:5434/db",
                InfraSettings.parseHostPort("[::1]:5434", "u", "p").jdbcUrl("db"));
        assertThrows(IllegalArgumentException.class, () -> InfraSettings.parseHostPort("host:notaport", "u", "p"));
        assertThrows(IllegalArgumentException.class, () -> InfraSettings.parseHostPort(":5432", "u", "p"));
        assertThrows(IllegalArgumentException.class, () -> InfraSettings.parseHostPort("host:70000", "u", "p"));
    }

    @Test
    void badValuesNameTheVariable() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> InfraSettings.from(Map.of("IAM_TEST_PG", "[::1")));
        assertTrue(error.getMessage().contains("IAM_TEST_PG"), error.getMessage());
    }
}
