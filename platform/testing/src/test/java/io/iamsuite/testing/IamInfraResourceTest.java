package io.iamsuite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The resource as Quarkus drives it (init, start, stop), without starting a Quarkus application. */
class IamInfraResourceTest {

    @Test
    void everyStartGetsUsableConfigWithAFreshDatabaseAndNamespace() throws Exception {
        IamInfraResource first = new IamInfraResource();
        IamInfraResource second = new IamInfraResource();
        first.init(Map.of());
        second.init(Map.of());

        long began = System.nanoTime();
        Map<String, String> a = first.start();
        long firstStartMillis = (System.nanoTime() - began) / 1_000_000;
        InfraInfo infoA = IamInfraResource.current();
        began = System.nanoTime();
        Map<String, String> b = second.start();
        long secondStartMillis = (System.nanoTime() - began) / 1_000_000;
        InfraInfo infoB = IamInfraResource.current();
        try {
            assertEquals(infoA.quarkusConfig(), a);
            assertEquals("postgresql", a.get("quarkus.datasource.db-kind"));
            assertEquals("false", a.get("quarkus.devservices.enabled"));
            assertEquals("false", a.get("quarkus.kafka.devservices.enabled"));
            assertTrue(infoA.database().matches("iamt_[a-z0-9]{10}"), infoA.database());
            assertTrue(a.get("iam.kafka.namespace").matches("t[a-z0-9]{8}"), a.get("iam.kafka.namespace"));
            assertTrue(a.get("quarkus.datasource.jdbc.url").matches("jdbc:postgresql://[^/]+:\\d+/iamt_[a-z0-9]{10}"));
            assertEquals(a.get("quarkus.datasource.jdbc.url").substring("jdbc:".length()),
                    a.get("quarkus.datasource.reactive.url"));

            assertEquals(a.get("kafka.bootstrap.servers"), b.get("kafka.bootstrap.servers"), "one broker per JVM");
            assertNotEquals(infoA.database(), infoB.database());
            assertNotEquals(infoA.namespace(), infoB.namespace());
            assertEquals(infoA.namespace() + ".identity.events.v1", infoA.eventsTopic("identity"));

            try (Connection connection = Postgres.connect(a.get("quarkus.datasource.jdbc.url"),
                    a.get("quarkus.datasource.username"), a.get("quarkus.datasource.password"));
                 Statement statement = connection.createStatement()) {
                ResultSet one = statement.executeQuery("select 1");
                assertTrue(one.next());
                assertEquals(1, one.getInt(1));
                statement.execute("create table only_in_a (id int)");
            }
            try (Connection connection = infoB.openConnection(); Statement statement = connection.createStatement()) {
                ResultSet tables = statement.executeQuery(
                        "select count(*) from information_schema.tables where table_schema = 'public'");
                tables.next();
                assertEquals(0, tables.getInt(1), "the second application's database is empty");
            }

            try (Admin admin = Admin.create(infoA.kafkaClientProperties())) {
                assertFalse(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).isEmpty());
            }
        } finally {
            second.stop();
            first.stop();
        }
        PgEndpoint postgres = IamInfra.postgres();
        assertFalse(Postgres.databaseExists(postgres, infoA.database()), "stop() drops the fresh database");
        assertThrows(IllegalStateException.class, IamInfraResource::current);
        System.out.printf("[iam-testing] IamInfraResource.start(): first %d ms, second %d ms; shared start times %s; "
                + "postgres %s%n", firstStartMillis, secondStartMillis, IamInfra.startTimes(), postgres);
    }

    @Test
    void aFixedDatabaseIsCreatedIfMissingAndKept() throws Exception {
        String name = "iamt_fixed_" + Postgres.randomAlphanumeric(6);
        IamInfraResource resource = new IamInfraResource();
        resource.init(Map.of(IamInfraResource.ARG_DATABASE, name));
        Map<String, String> config = resource.start();
        PgEndpoint postgres = IamInfra.postgres();
        try {
            assertTrue(config.get("quarkus.datasource.jdbc.url").endsWith("/" + name));
            try (Connection connection = IamInfraResource.current().openConnection()) {
                assertTrue(connection.isValid(5));
            }
        } finally {
            resource.stop();
        }
        try {
            assertTrue(Postgres.databaseExists(postgres, name), "a fixed database is kept");
        } finally {
            Postgres.dropDatabase(postgres, name);
        }
    }

    @Test
    void leavesOutTheDatasourceKeysOfAbsentExtensions() {
        Map<String, String> all = new InfraInfo("k:9092", "jdbc:postgresql://h:1/d", "postgresql://h:1/d", "u", "p", "tn")
                .quarkusConfig();

        assertEquals(all, IamInfraResource.forExtensionsPresent(all, name -> true));

        Map<String, String> jdbcOnly = IamInfraResource.forExtensionsPresent(all,
                name -> name.equals(IamInfraResource.AGROAL_MARKER));
        assertFalse(jdbcOnly.containsKey("quarkus.datasource.reactive.url"));
        assertEquals("jdbc:postgresql://h:1/d", jdbcOnly.get("quarkus.datasource.jdbc.url"));
        assertEquals("u", jdbcOnly.get("quarkus.datasource.username"));

        Map<String, String> reactiveOnly = IamInfraResource.forExtensionsPresent(all,
                name -> name.equals(IamInfraResource.REACTIVE_DATASOURCE_MARKER));
        assertFalse(reactiveOnly.containsKey("quarkus.datasource.jdbc.url"));
        assertEquals("postgresql://h:1/d", reactiveOnly.get("quarkus.datasource.reactive.url"));

        Map<String, String> none = IamInfraResource.forExtensionsPresent(all, name -> false);
        assertTrue(none.keySet().stream().noneMatch(key -> key.startsWith("quarkus.datasource.")), none.toString());
        assertEquals("tn", none.get("iam.kafka.namespace"));
        assertEquals("k:9092", none.get("kafka.bootstrap.servers"));
    }

    @Test
    void rejectsUnknownInitArgValues() {
        IamInfraResource resource = new IamInfraResource();
        assertThrows(IllegalArgumentException.class, () -> resource.init(Map.of(IamInfraResource.ARG_KAFKA, "remote")));
    }
}
