package io.iamsuite.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

/** JDBC helpers for the test PostgreSQL: probe, connect, create and drop databases. */
public final class Postgres {

    public static final String DATABASE_PREFIX = "iamt_";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private Postgres() {
    }

    /** Whether {@code endpoint} accepts a connection to its {@code postgres} database and answers {@code select 1}. */
    public static boolean accepts(PgEndpoint endpoint, Duration timeout) {
        try (Connection connection = connect(endpoint.jdbcUrl("postgres"), endpoint.username(), endpoint.password(),
                timeout); Statement statement = connection.createStatement()) {
            return statement.executeQuery("select 1").next();
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** A connection to {@code database} on {@code endpoint}. */
    public static Connection connect(PgEndpoint endpoint, String database) throws SQLException {
        return connect(endpoint.jdbcUrl(database), endpoint.username(), endpoint.password());
    }

    /** A connection by JDBC URL, without going through {@link java.sql.DriverManager} (class-loader proof). */
    public static Connection connect(String jdbcUrl, String username, String password) throws SQLException {
        return connect(jdbcUrl, username, password, CONNECT_TIMEOUT);
    }

    static Connection connect(String jdbcUrl, String username, String password, Duration timeout) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username);
        props.setProperty("password", password);
        String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        props.setProperty("ApplicationName", "iam-testing");
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl, props);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return connection;
    }

    /** {@code iamt_} followed by 10 random lowercase letters and digits. */
    public static String randomDatabaseName() {
        return DATABASE_PREFIX + randomAlphanumeric(10);
    }

    /** {@code length} random lowercase letters and digits. */
    public static String randomAlphanumeric(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    /** Creates a new empty database with a random {@code iamt_} name and returns the name. */
    public static String createDatabase(PgEndpoint endpoint) {
        String name = randomDatabaseName();
        createDatabase(endpoint, name);
        return name;
    }

    /** Creates the empty database {@code name}; fails if it exists. */
    public static void createDatabase(PgEndpoint endpoint, String name) {
        String quoted = quote(name);
        // CREATE DATABASE copies template1 and fails while another session is connected to it: retry briefly.
        Waits.until("database " + name + " to be created on " + endpoint, Duration.ofSeconds(15), Duration.ofMillis(200),
                () -> {
                    try {
                        execute(endpoint, "create database " + quoted);
                        return Boolean.TRUE;
                    } catch (SQLException e) {
                        if ("42P04".equals(e.getSQLState())) {
                            throw new IllegalStateException("Database " + name + " already exists on " + endpoint, e);
                        }
                        if (!String.valueOf(e.getMessage()).contains("being accessed by other users")) {
                            throw new IllegalStateException("Could not create database " + name + " on " + endpoint
                                    + ": " + e.getMessage(), e);
                        }
                        return null;
                    }
                });
    }

    /** Creates the database {@code name} unless it exists. */
    public static void createDatabaseIfMissing(PgEndpoint endpoint, String name) {
        if (!databaseExists(endpoint, name)) {
            try {
                createDatabase(endpoint, name);
            } catch (IllegalStateException e) {
                if (!databaseExists(endpoint, name)) {
                    throw e;
                }
            }
        }
    }

    public static boolean databaseExists(PgEndpoint endpoint, String name) {
        try (Connection connection = connect(endpoint, "postgres");
             var statement = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            statement.setString(1, name);
            return statement.executeQuery().next();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look up database " + name + " on " + endpoint, e);
        }
    }

    /** Drops {@code name} if it exists, ending any session still connected to it. */
    public static void dropDatabase(PgEndpoint endpoint, String name) {
        try {
            execute(endpoint, "drop database if exists " + quote(name) + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop database " + name + " on " + endpoint + ": " + e.getMessage(),
                    e);
        }
    }

    private static void execute(PgEndpoint endpoint, String sql) throws SQLException {
        try (Connection connection = connect(endpoint, "postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String quote(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Database names here are lowercase letters, digits and '_': " + name);
        }
        return '"' + name + '"';
    }
}
