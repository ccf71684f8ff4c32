package io.iamsuite.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A fresh PostgreSQL database {@code iam_bench_<random>} with the event store schema of platform/eventstore (the
 * migration {@code db/eventstore/V1__event_store.sql} from the iam-eventstore jar); {@link #close()} drops it.
 */
final class BenchDatabase implements AutoCloseable {
    static final String SCHEMA = "db/eventstore/V1__event_store.sql";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    final String host;
    final int port;
    final String user;
    final String password;
    final String name;
    private final boolean keep;

    private BenchDatabase(String host, int port, String user, String password, String name, boolean keep) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = name;
        this.keep = keep;
    }

    static BenchDatabase create(String host, int port, String user, String password, boolean keep) throws SQLException {
        String name = "iam_bench_" + random(10);
        try (Connection admin = connect(host, port, user, password, "postgres");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        BenchDatabase database = new BenchDatabase(host, port, user, password, name, keep);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(schema());
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    Connection connect() throws SQLException {
        return connect(host, port, user, password, name);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** Appends rows with COPY (text format) in the current transaction of {@code connection}. */
    static long copy(Connection connection, String table, String columns, CharSequence rows) throws SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try {
            return copy.copyIn("COPY " + table + " (" + columns + ") FROM STDIN", new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Escapes a value for COPY's text format. */
    static String copyText(String value) {
        if (value == null) {
            return "\\N";
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        if (keep) {
            Report.progress("keeping database %s (--keep-db)", name);
            return;
        }
        try (Connection admin = connect(host, port, user, password, "postgres");
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop database " + name + ": " + e.getMessage());
        }
    }

    static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static String schema() {
        try (InputStream in = BenchDatabase.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is not on the classpath (iam-eventstore jar missing?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Connection connect(String host, int port, String user, String password, String database)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "iam-bench");
        Connection connection = new org.postgresql.Driver().connect(
                "jdbc:postgresql://" + host + ":" + port + "/" + database, props);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL URL");
        }
        return connection;
    }
}
