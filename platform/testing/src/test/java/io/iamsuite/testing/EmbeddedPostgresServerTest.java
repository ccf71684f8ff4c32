package io.iamsuite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

    @Test
    void keepsDataAcrossARestartOnTheSamePort() throws Exception {
        Path home;
        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer()) {
            long began = System.nanoTime();
            server.start();
            long startMillis = (System.nanoTime() - began) / 1_000_000;
            PgEndpoint endpoint = server.endpoint();
            home = server.dataDirectory().getParent();

            String database = Postgres.createDatabase(endpoint);
            try (Connection connection = Postgres.connect(endpoint, database);
                 Statement statement = connection.createStatement()) {
                statement.execute("create table event_log (position bigint primary key, payload text)");
                statement.execute("insert into event_log values (1, 'before-restart')");
            }

            began = System.nanoTime();
            server.stop();
            assertFalse(Postgres.accepts(endpoint, Duration.ofSeconds(1)), "stopped means stopped");
            server.start();
            long restartMillis = (System.nanoTime() - began) / 1_000_000;
            assertEquals(endpoint, server.endpoint(), "same port after restart");

            try (Connection connection = Postgres.connect(endpoint, database);
                 Statement statement = connection.createStatement()) {
                statement.execute("insert into event_log values (2, 'after-restart')");
                ResultSet rows = statement.executeQuery("select count(*) from event_log");
                rows.next();
                assertEquals(2, rows.getInt(1));
            }
            System.out.printf("[iam-testing] embedded PostgreSQL: first start %d ms, restart (stop+start) %d ms%n",
                    startMillis, restartMillis);
        }
        assertFalse(Files.exists(home), "close() deletes the temporary directory");
    }

    @Test
    void connectingToAStoppedServerFailsFast() {
        PgEndpoint nothingThere = new PgEndpoint("127.0.0.1", FreePorts.find(), "postgres", "postgres");
        assertFalse(Postgres.accepts(nothingThere, Duration.ofSeconds(1)));
        assertThrows(SQLException.class, () -> Postgres.connect(nothingThere, "postgres").close());
    }
}
