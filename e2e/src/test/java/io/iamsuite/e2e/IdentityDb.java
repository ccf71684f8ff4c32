package io.iamsuite.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Read-only look into identity-service's database (what a request left behind). */
final class IdentityDb {
    record MemberRow(String userId, String email, String role) {
    }

    record EventRow(long position, String streamId, String eventType) {
    }

    private final String jdbcUrl;

    IdentityDb(Suite suite) {
        this.jdbcUrl = suite.identityJdbcUrl();
    }

    List<MemberRow> members(String workspaceId) {
        return query("SELECT user_id, email, role FROM members WHERE workspace_id = ? ORDER BY email_lower",
                workspaceId, rs -> new MemberRow(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    List<EventRow> events(String workspaceId) {
        return query("SELECT position, stream_id, event_type FROM event_log WHERE workspace_id = ? ORDER BY position",
                workspaceId, rs -> new EventRow(rs.getLong(1), rs.getString(2), rs.getString(3)));
    }

    /** The event store's per-workspace head row (its last position), if any. */
    List<Long> head(String workspaceId) {
        return query("SELECT position FROM workspace_head WHERE workspace_id = ?", workspaceId, rs -> rs.getLong(1));
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, String parameter, Row<T> row) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query on " + jdbcUrl + " failed: " + sql, e);
        }
    }
}
