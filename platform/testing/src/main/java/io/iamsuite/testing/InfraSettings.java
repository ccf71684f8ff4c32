package io.iamsuite.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Which Kafka and which PostgreSQL the tests use, decided from environment variables (a system property of the same
 * name wins over the variable). Pure: {@link #from(Map)} takes the variables as a map so the choice can be unit-tested.
 *
 * <ul>
 *   <li>{@value #KAFKA_BOOTSTRAP}: bootstrap servers of a running broker; unset (or {@code embedded}) starts the
 *       JVM-wide in-JVM KRaft broker.</li>
 *   <li>{@value #PG}: {@code host:port} of a running PostgreSQL; unset tries {@code 127.0.0.1:5432} and falls back to
 *       an embedded PostgreSQL 15; {@code embedded} forces the embedded one.</li>
 *   <li>{@value #PG_USER} (default {@code postgres}) and {@value #PG_PASSWORD} (default {@code postgres}): a role
 *       allowed to create databases.</li>
 *   <li>{@value #KEEP_DATABASES}: {@code true} keeps each test application's database after it stops.</li>
 * </ul>
 */
public record InfraSettings(KafkaChoice kafka, PostgresChoice postgres, boolean keepDatabases) {

    public static final String KAFKA_BOOTSTRAP = "IAM_TEST_KAFKA_BOOTSTRAP";
    public static final String PG = "IAM_TEST_PG";
    public static final String PG_USER = "IAM_TEST_PG_USER";
    public static final String PG_PASSWORD = "IAM_TEST_PG_PASSWORD";
    public static final String KEEP_DATABASES = "IAM_TEST_KEEP_DATABASES";

    public static final String EMBEDDED = "embedded";
    public static final String DEFAULT_USER = "postgres";
    public static final String DEFAULT_PASSWORD = "postgres";
    public static final String LOCAL_HOST = "127.0.0.1";
    public static final int DEFAULT_PG_PORT = 5432;

    /** Where the tests' Kafka comes from. */
    public sealed interface KafkaChoice {
        /** A broker someone else runs (CI). */
        record External(String bootstrapServers) implements KafkaChoice {
        }

        /** The JVM-wide in-JVM broker. */
        record Embedded() implements KafkaChoice {
        }
    }

    /** Where the tests' PostgreSQL comes from. */
    public sealed interface PostgresChoice {
        /** A server named by {@value InfraSettings#PG}; used as is. */
        record External(PgEndpoint endpoint) implements PostgresChoice {
        }

        /** The machine's own server, if it accepts a connection quickly; else the embedded one. */
        record LocalIfReachable(PgEndpoint candidate) implements PostgresChoice {
        }

        /** The JVM-wide embedded server. */
        record Embedded(String username) implements PostgresChoice {
        }
    }

    /** The settings from the process environment and system properties. */
    public static InfraSettings fromEnvironment() {
        Map<String, String> merged = new HashMap<>(System.getenv());
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String key && key.startsWith("IAM_TEST_")) {
                merged.put(key, String.valueOf(v));
            }
        });
        return from(merged);
    }

    /** The settings from {@code variables} alone. */
    public static InfraSettings from(Map<String, String> variables) {
        String bootstrap = lookup(variables, KAFKA_BOOTSTRAP);
        KafkaChoice kafka = bootstrap == null || EMBEDDED.equalsIgnoreCase(bootstrap)
                ? new KafkaChoice.Embedded()
                : new KafkaChoice.External(bootstrap);

        String user = orDefault(lookup(variables, PG_USER), DEFAULT_USER);
        String password = orDefault(lookup(variables, PG_PASSWORD), DEFAULT_PASSWORD);
        String pg = lookup(variables, PG);
        PostgresChoice postgres;
        if (pg == null) {
            postgres = new PostgresChoice.LocalIfReachable(new PgEndpoint(LOCAL_HOST, DEFAULT_PG_PORT, user, password));
        } else if (EMBEDDED.equalsIgnoreCase(pg)) {
            postgres = new PostgresChoice.Embedded(DEFAULT_USER);
        } else {
            postgres = new PostgresChoice.External(parseHostPort(pg, user, password));
        }

        boolean keep = "true".equalsIgnoreCase(orDefault(lookup(variables, KEEP_DATABASES), "false"));
        return new InfraSettings(kafka, postgres, keep);
    }

    /** The bootstrap servers to use; {@code embedded} starts (or reuses) the in-JVM broker. */
    public String resolveKafka(Supplier<String> embedded) {
        if (kafka instanceof KafkaChoice.External external) {
            return external.bootstrapServers();
        }
        return embedded.get();
    }

    /**
     * The PostgreSQL to use: the named one, else the local one if {@code reachable} accepts it, else {@code embedded}.
     */
    public PgEndpoint resolvePostgres(Predicate<PgEndpoint> reachable, Supplier<PgEndpoint> embedded) {
        if (postgres instanceof PostgresChoice.External external) {
            return external.endpoint();
        }
        if (postgres instanceof PostgresChoice.LocalIfReachable local && reachable.test(local.candidate())) {
            return local.candidate();
        }
        return embedded.get();
    }

    static PgEndpoint parseHostPort(String value, String user, String password) {
        String text = value.trim();
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw invalid(value);
            }
            host = text.substring(1, close);
            if (text.length() > close + 1) {
                if (text.charAt(close + 1) != ':') {
                    throw invalid(value);
                }
                port = text.substring(close + 2);
            }
        } else {
            int colon = text.lastIndexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isBlank()) {
            throw invalid(value);
        }
        try {
            return new PgEndpoint(host, port == null ? DEFAULT_PG_PORT : Integer.parseInt(port), user, password);
        } catch (IllegalArgumentException e) {
            throw invalid(value);
        }
    }

    /** One variable: the system property of that name if set, else the environment variable. */
    static String variable(String name) {
        String property = System.getProperty(name);
        return property != null && !property.isBlank() ? property.trim() : lookup(System.getenv(), name);
    }

    static String lookup(Map<String, String> variables, String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException(PG + " must be host:port or 'embedded', got '" + value + "'");
    }
}
