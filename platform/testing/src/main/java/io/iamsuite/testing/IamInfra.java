package io.iamsuite.testing;

import java.util.Map;

/**
 * The shared test infrastructure of this JVM, for plain JUnit tests and for {@link IamInfraResource}.
 *
 * <p>Kafka: {@code IAM_TEST_KAFKA_BOOTSTRAP} if set, else one in-JVM KRaft broker started on first use and stopped by a
 * shutdown hook. PostgreSQL: {@code IAM_TEST_PG} if set, else {@code 127.0.0.1:5432} if it accepts a connection within
 * 2 s, else one embedded PostgreSQL 15. See {@link InfraSettings} for every variable.
 */
public final class IamInfra {

    private IamInfra() {
    }

    /** The bootstrap servers every test of this JVM shares. */
    public static String kafkaBootstrapServers() {
        return Bridge.call("kafkaBootstrapServers");
    }

    /** The PostgreSQL every test of this JVM shares (a role that may create databases). */
    public static PgEndpoint postgres() {
        String[] endpoint = Bridge.call("postgresEndpoint");
        return new PgEndpoint(endpoint[0], Integer.parseInt(endpoint[1]), endpoint[2], endpoint[3]);
    }

    /** A fresh topic namespace: {@code t} and 8 random lowercase letters or digits. */
    public static String newNamespace() {
        return "t" + Postgres.randomAlphanumeric(8);
    }

    /** Shared Kafka, a new empty database and a new topic namespace. */
    public static InfraInfo provision() {
        return provision(null);
    }

    /**
     * Shared Kafka, a new topic namespace, and the database {@code fixedDatabase} (created if missing) or, when it is
     * {@code null}, a new empty one.
     */
    public static InfraInfo provision(String fixedDatabase) {
        return provision(kafkaBootstrapServers(), postgres(), fixedDatabase);
    }

    static InfraInfo provision(String kafkaBootstrap, PgEndpoint postgres, String fixedDatabase) {
        String database;
        if (fixedDatabase == null) {
            database = Postgres.createDatabase(postgres);
        } else {
            database = fixedDatabase;
            Postgres.createDatabaseIfMissing(postgres, database);
        }
        return new InfraInfo(kafkaBootstrap, postgres.jdbcUrl(database), postgres.reactiveUrl(database),
                postgres.username(), postgres.password(), newNamespace());
    }

    /** How long the shared broker and embedded PostgreSQL took to start in this JVM, in ms (keys kafka, postgres). */
    public static Map<String, Long> startTimes() {
        return Bridge.call("startTimes");
    }
}
