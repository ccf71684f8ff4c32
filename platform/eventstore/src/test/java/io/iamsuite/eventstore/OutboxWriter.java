package io.iamsuite.eventstore;

import io.iamsuite.events.EventCodec;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.testing.Postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Appends events with plain JDBC the way {@link EventStore} does: one transaction per command that first advances the
 * workspace head ({@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING position}), then inserts its 1-3 events at the
 * positions it got. Tolerates a database outage: reconnects until it has been failing for longer than
 * {@code outageLimit}, then gives up (and {@link #stop()} reports it).
 */
final class OutboxWriter {
    static final String ADVANCE_HEAD = "INSERT INTO workspace_head (workspace_id, position) VALUES (?, ?)"
            + " ON CONFLICT (workspace_id) DO UPDATE SET position = workspace_head.position + ?"
            + " RETURNING position";
    private static final String INSERT = "INSERT INTO event_log (event_id, workspace_id, position, stream_id,"
            + " stream_version, event_type, schema_version, data, occurred_at, actor_type, actor_id, request_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, 'SYSTEM', 'writer', ?)";

    private static final EventCodec CODEC = EventCodec.standard();

    private final String jdbcUrl;
    private final List<String> workspaces;
    private final Duration pace;
    private final Duration outageLimit;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicLong committedEvents = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final Thread thread;

    OutboxWriter(String jdbcUrl, List<String> workspaces, Duration pace, Duration outageLimit) {
        this.jdbcUrl = jdbcUrl;
        this.workspaces = List.copyOf(workspaces);
        this.pace = pace;
        this.outageLimit = outageLimit;
        this.thread = new Thread(this::run, "outbox-writer");
        this.thread.setDaemon(true);
    }

    OutboxWriter start() {
        thread.start();
        return this;
    }

    /** Events whose commit was acknowledged (a commit cut off by an outage may have happened without that). */
    long committedEvents() {
        return committedEvents.get();
    }

    long commits() {
        return commits.get();
    }

    /** Statements or connections that failed (during an outage). */
    int failures() {
        return failures.get();
    }

    /** Fails at once if the writer gave up, rather than letting a test wait for commits that never come. */
    void assertAlive() {
        if (fatal.get() != null) {
            throw new IllegalStateException("the writer gave up", fatal.get());
        }
        if (!thread.isAlive() && stopping.getCount() > 0) {
            throw new IllegalStateException("the writer died");
        }
    }

    /** Stops after the current transaction; fails if the writer gave up or does not stop within 30 s. */
    void stop() throws InterruptedException {
        stopping.countDown();
        thread.join(30_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("the writer did not stop within 30 s");
        }
        if (fatal.get() != null) {
            throw new IllegalStateException("the writer gave up", fatal.get());
        }
    }

    private void run() {
        Random random = new Random(7);
        Connection connection = null;
        long lastSuccess = System.nanoTime();
        try {
            while (stopping.getCount() > 0) {
                try {
                    if (connection == null) {
                        connection = Postgres.connect(jdbcUrl, "postgres", "postgres");
                        connection.setAutoCommit(false);
                    }
                    appendOne(connection, workspaces.get(random.nextInt(workspaces.size())), 1 + random.nextInt(3));
                    lastSuccess = System.nanoTime();
                    // the pace also bounds the test's volume; the latch ends the pause at once when stopping
                    if (stopping.await(pace.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (SQLException e) {
                    failures.incrementAndGet();
                    closeQuietly(connection);
                    connection = null;
                    if (System.nanoTime() - lastSuccess > outageLimit.toNanos()) {
                        throw new IllegalStateException("no commit for " + outageLimit.toSeconds() + " s", e);
                    }
                    if (stopping.await(100, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fatal.set(e);
        } finally {
            closeQuietly(connection);
        }
    }

    private void appendOne(Connection connection, String workspace, int events) throws SQLException {
        List<String> names = new java.util.ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            names.add(workspace + " #" + commits.get() + "." + i);
        }
        append(connection, workspace, names);
        commits.incrementAndGet();
        committedEvents.addAndGet(events);
    }

    /**
     * One command in one transaction on {@code connection} (auto-commit off): advances the head of {@code workspace}
     * by one event per name, inserts a {@code GroupCreated} per name at the positions it got, commits. Returns the
     * last position.
     */
    static long append(Connection connection, String workspace, List<String> groupNames) throws SQLException {
        int events = groupNames.size();
        try {
            long last;
            try (PreparedStatement head = connection.prepareStatement(ADVANCE_HEAD)) {
                head.setString(1, workspace);
                head.setLong(2, events);
                head.setLong(3, events);
                try (ResultSet rs = head.executeQuery()) {
                    rs.next();
                    last = rs.getLong(1);
                }
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                long position = last - events + 1;
                for (String name : groupNames) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, workspace);
                    insert.setLong(3, position);
                    // one stream per workspace whose version is the position: unique and gap-free as well
                    insert.setString(4, "group:" + workspace + ":all");
                    insert.setLong(5, position);
                    insert.setString(6, "identity.group-created");
                    insert.setInt(7, 1);
                    insert.setString(8, CODEC.encodeData(new IdentityEvent.GroupCreated("g" + position, name)));
                    insert.setObject(9, now);
                    insert.setString(10, "req-" + position);
                    // one statement per row: pgjdbc's batch trips an assertion (-ea) when the server goes away
                    insert.executeUpdate();
                    position++;
                }
            }
            connection.commit();
            return last;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; PostgreSQL rolled back
            }
            throw e;
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }
}
