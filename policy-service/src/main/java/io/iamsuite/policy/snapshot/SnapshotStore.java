package io.iamsuite.policy.snapshot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iamsuite.events.IamJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code projection_snapshots} table: write, list newest first, read one, prune. Plain JDBC.
 *
 * <p>Flyway creates or upgrades the table before the first write, not during Quarkus' start
 * ({@code quarkus.flyway.migrate-at-start} is off): the first write comes after the consumer has caught up, so Flyway
 * (seconds of CPU on a busy machine) is off the path to readiness, and reading at start needs no migration — a
 * missing table lists no snapshots. A database that is down does not stop the service from starting either: it
 * replays the log instead.
 */
@ApplicationScoped
public class SnapshotStore {
    private static final TypeReference<Map<String, Map<String, Long>>> OFFSETS = new TypeReference<>() {
    };
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String UNDEFINED_COLUMN = "42703";

    private final DataSource dataSource;
    private final Instance<Flyway> flyway;
    private final ObjectMapper json = IamJson.mapper();
    private volatile boolean migrated;

    public SnapshotStore(DataSource dataSource, Instance<Flyway> flyway) {
        this.dataSource = dataSource;
        this.flyway = flyway;
    }

    /** Creates or upgrades the table, once (a failure is retried at the next write). */
    void migrate() {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (!migrated) {
                try {
                    flyway.get().migrate();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("cannot migrate the snapshot table: " + e.getMessage(), e);
                }
                migrated = true;
            }
        }
    }

    /**
     * A stored snapshot without its state; {@code feedOffsets} is where the access-change feed's resume read may start
     * with it (empty: from the beginning).
     */
    public record Meta(long id, Instant takenAt, Map<TopicPartition, Long> offsets, long size, long events,
                       Map<TopicPartition, Long> feedOffsets) {
    }

    public long insert(Instant takenAt, Map<TopicPartition, Long> offsets, byte[] state, long events) {
        return insert(takenAt, offsets, state, events, Map.of());
    }

    public long insert(Instant takenAt, Map<TopicPartition, Long> offsets, byte[] state, long events,
                       Map<TopicPartition, Long> feedOffsets) {
        migrate();
        String sql = "INSERT INTO projection_snapshots (taken_at, offsets, state, size, events, feed_offsets) "
                + "VALUES (?, CAST(? AS jsonb), ?, ?, ?, CAST(? AS jsonb)) RETURNING id";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setTimestamp(1, Timestamp.from(takenAt));
            st.setString(2, offsetsJson(offsets));
            st.setBytes(3, state);
            st.setLong(4, state.length);
            st.setLong(5, events);
            st.setString(6, feedOffsets.isEmpty() ? null : offsetsJson(feedOffsets));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a projection snapshot: " + e.getMessage(), e);
        }
    }

    /** Deletes all but the newest {@code keep} snapshots; returns how many it deleted. */
    public int prune(int keep) {
        migrate();
        String sql = "DELETE FROM projection_snapshots WHERE id NOT IN "
                + "(SELECT id FROM projection_snapshots ORDER BY id DESC LIMIT ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setInt(1, keep);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prune projection snapshots: " + e.getMessage(), e);
        }
    }

    /**
     * Every stored snapshot, newest first, without state. An unreadable offsets column gives empty offsets (the
     * snapshot is then not used), an unreadable feed offsets column empty feed offsets (the feed is read from its
     * beginning).
     */
    public List<Meta> list() {
        String sql = "SELECT id, taken_at, offsets::text, size, events, feed_offsets::text FROM projection_snapshots "
                + "ORDER BY id DESC";
        List<Meta> metas = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                metas.add(new Meta(rs.getLong(1), rs.getTimestamp(2).toInstant(), parseQuietly(rs.getString(3)),
                        rs.getLong(4), rs.getLong(5), parseQuietly(rs.getString(6))));
            }
            return metas;
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return List.of();   // not migrated yet: nothing was ever stored
            }
            if (UNDEFINED_COLUMN.equals(e.getSQLState()) && !migrated) {
                migrate();          // stored by an older version: upgrade the table, then read it
                return list();
            }
            throw new IllegalStateException("cannot list projection snapshots: " + e.getMessage(), e);
        }
    }

    private Map<TopicPartition, Long> parseQuietly(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return parseOffsets(text);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** The state of one snapshot, or null if it is gone. */
    public byte[] state(long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT state FROM projection_snapshots WHERE id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read projection snapshot " + id + ": " + e.getMessage(), e);
        }
    }

    String offsetsJson(Map<TopicPartition, Long> offsets) {
        Map<String, Map<String, Long>> byTopic = new TreeMap<>();
        offsets.forEach((tp, next) -> byTopic.computeIfAbsent(tp.topic(), t -> new TreeMap<>())
                .put(Integer.toString(tp.partition()), next));
        try {
            return json.writeValueAsString(byTopic);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<TopicPartition, Long> parseOffsets(String text) {
        try {
            Map<String, Map<String, Long>> byTopic = json.readValue(text, OFFSETS);
            Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
            byTopic.forEach((topic, partitions) -> partitions.forEach((partition, next) ->
                    offsets.put(new TopicPartition(topic, Integer.parseInt(partition)), next)));
            return offsets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
