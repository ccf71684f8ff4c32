package io.iamsuite.token.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IamJson;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.token.domain.Tokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tokens table, kept in step with the token events in the same transaction. Holds hashes, never secrets. */
@ApplicationScoped
public class TokenRepository {
    private static final ObjectMapper JSON = IamJson.mapper();
    private static final TypeReference<List<Grant>> GRANTS = new TypeReference<>() {
    };
    private static final String COLUMNS = "token_id, description, access, grants, created_by, created_at, expires_at,"
            + " status, creator_departed, secret_hash, previous_hash, previous_valid_until, last_used_at, version";

    private final Pool pool;

    public TokenRepository(Pool pool) {
        this.pool = pool;
    }

    /** A token as stored: the rules' view plus what only readers need. */
    public record TokenRow(String workspaceId, Tokens.Token token, Instant createdAt, Instant lastUsedAt, long version) {
    }

    public record Page(List<TokenRow> tokens, long total) {
    }

    /** Tokens a command is about, with each one's stream version. */
    public record Loaded(Tokens tokens, Map<String, Long> versions) {
        public long versionOf(String tokenId) {
            return versions.getOrDefault(tokenId, 0L);
        }

        static Loaded of(List<TokenRow> rows) {
            Map<String, Tokens.Token> tokens = new HashMap<>();
            Map<String, Long> versions = new HashMap<>();
            rows.forEach(row -> {
                tokens.put(row.token().tokenId(), row.token());
                versions.put(row.token().tokenId(), row.version());
            });
            return new Loaded(new Tokens(tokens), versions);
        }
    }

    public Uni<Loaded> loadOne(Mutiny.Session session, String workspaceId, String tokenId) {
        return find(session, workspaceId, tokenId).map(row -> Loaded.of(row == null ? List.of() : List.of(row)));
    }

    /** Active tokens whose expiry is at or before {@code now}. */
    public Uni<Loaded> loadDue(Mutiny.Session session, String workspaceId, Instant now) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM tokens WHERE workspace_id = :workspace"
                        + " AND status = 'ACTIVE' AND expires_at <= :now", Object[].class)
                .setParameter("workspace", workspaceId).setParameter("now", utc(now))
                .getResultList().map(rows -> Loaded.of(rows(workspaceId, rows)));
    }

    /** Active tokens created by {@code userId}. */
    public Uni<Loaded> loadCreatedBy(Mutiny.Session session, String workspaceId, String userId) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM tokens WHERE workspace_id = :workspace"
                        + " AND status = 'ACTIVE' AND created_by = :user", Object[].class)
                .setParameter("workspace", workspaceId).setParameter("user", userId)
                .getResultList().map(rows -> Loaded.of(rows(workspaceId, rows)));
    }

    public Uni<TokenRow> find(Mutiny.Session session, String workspaceId, String tokenId) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM tokens WHERE workspace_id = :workspace"
                        + " AND token_id = :token", Object[].class)
                .setParameter("workspace", workspaceId).setParameter("token", tokenId)
                .getResultList().map(rows -> rows.isEmpty() ? null : rows(workspaceId, rows).get(0));
    }

    /** One page of the workspace's tokens, oldest first, and the total. */
    public Uni<Page> page(Mutiny.Session session, String workspaceId, int offset, int count) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM tokens WHERE workspace_id = :workspace"
                        + " ORDER BY created_seq LIMIT :limit OFFSET :offset", Object[].class)
                .setParameter("workspace", workspaceId).setParameter("limit", count).setParameter("offset", offset)
                .getResultList()
                .chain(rows -> session.createNativeQuery("SELECT count(*) FROM tokens WHERE workspace_id = :workspace",
                                Long.class)
                        .setParameter("workspace", workspaceId).getSingleResult()
                        .map(total -> new Page(rows(workspaceId, rows), total)));
    }

    /** Whether any token was ever issued, in any workspace (bootstrap runs once). */
    public Uni<Boolean> anyIssued(Mutiny.Session session) {
        return session.createNativeQuery("SELECT EXISTS (SELECT 1 FROM tokens)", Boolean.class).getSingleResult();
    }

    public Uni<Boolean> anyIssued() {
        return pool.query("SELECT EXISTS (SELECT 1 FROM tokens)").execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The token whose current or previous secret has this hash, in any workspace (validity is the caller's). */
    public Uni<TokenRow> findByHash(String hash) {
        return pool.preparedQuery("SELECT workspace_id, " + COLUMNS + " FROM tokens"
                        + " WHERE secret_hash = $1 OR previous_hash = $1 LIMIT 1")
                .execute(Tuple.of(hash))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    Object[] values = new Object[14];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = row.getValue(i + 1);
                    }
                    return row(row.getString(0), values);
                });
    }

    /** Workspaces with active tokens past their expiry (for the sweeper). */
    public Uni<List<String>> workspacesWithDueTokens(Instant now, int limit) {
        return pool.preparedQuery("SELECT DISTINCT workspace_id FROM tokens WHERE status = 'ACTIVE'"
                        + " AND expires_at <= $1 LIMIT $2")
                .execute(Tuple.of(utc(now), limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    public Uni<Void> apply(Mutiny.Session session, EventEnvelope envelope) {
        String workspaceId = envelope.workspaceId();
        long version = envelope.streamVersion();
        TokenEvent event = (TokenEvent) envelope.data();
        if (event instanceof TokenEvent.TokenIssued issued) {
            return session.createNativeQuery("INSERT INTO tokens (workspace_id, token_id, description, access, grants,"
                            + " created_by, created_at, expires_at, status, secret_hash, version) VALUES (:workspace,"
                            + " :token, :description, :access, :grants, :createdBy, :createdAt, :expiresAt, 'ACTIVE',"
                            + " :hash, :version)")
                    .setParameter("workspace", workspaceId).setParameter("token", issued.tokenId())
                    .setParameter("description", issued.description()).setParameter("access", issued.access().name())
                    .setParameter("grants", json(issued.grants())).setParameter("createdBy", issued.createdBy())
                    .setParameter("createdAt", utc(envelope.occurredAt()))
                    .setParameter("expiresAt", issued.expiresAt() == null ? null : utc(issued.expiresAt()))
                    .setParameter("hash", issued.secretHash()).setParameter("version", version)
                    .executeUpdate().replaceWithVoid();
        }
        if (event instanceof TokenEvent.TokenRotated rotated) {
            return update(session, workspaceId, rotated.tokenId(), version, "previous_hash = secret_hash,"
                    + " secret_hash = :hash, previous_valid_until = :until", Map.of("hash", rotated.secretHash(),
                    "until", utc(rotated.previousValidUntil())));
        }
        if (event instanceof TokenEvent.TokenPermissionsReplaced replaced) {
            return update(session, workspaceId, replaced.tokenId(), version, "access = :access, grants = :grants",
                    Map.of("access", replaced.access().name(), "grants", json(replaced.grants())));
        }
        if (event instanceof TokenEvent.TokenRevoked revoked) {
            return update(session, workspaceId, revoked.tokenId(), version, "status = 'REVOKED'", Map.of());
        }
        if (event instanceof TokenEvent.TokenExpired expired) {
            return update(session, workspaceId, expired.tokenId(), version, "status = 'EXPIRED'", Map.of());
        }
        TokenEvent.TokenCreatorDeparted departed = (TokenEvent.TokenCreatorDeparted) event;
        return update(session, workspaceId, departed.tokenId(), version, "creator_departed = TRUE", Map.of());
    }

    private Uni<Void> update(Mutiny.Session session, String workspaceId, String tokenId, long version, String set,
                             Map<String, Object> parameters) {
        var query = session.createNativeQuery("UPDATE tokens SET " + set + ", version = :version"
                        + " WHERE workspace_id = :workspace AND token_id = :token")
                .setParameter("version", version).setParameter("workspace", workspaceId).setParameter("token", tokenId);
        parameters.forEach(query::setParameter);
        return query.executeUpdate().replaceWithVoid();
    }

    private static List<TokenRow> rows(String workspaceId, List<Object[]> rows) {
        List<TokenRow> tokens = new ArrayList<>();
        for (Object[] row : rows) {
            tokens.add(row(workspaceId, row));
        }
        return tokens;
    }

    private static TokenRow row(String workspaceId, Object[] row) {
        Tokens.Token token = new Tokens.Token((String) row[0], (String) row[1],
                TokenEvent.Access.valueOf((String) row[2]), grants((String) row[3]), (String) row[4], instant(row[6]),
                (String) row[9], (String) row[10], instant(row[11]), Tokens.Status.valueOf((String) row[7]),
                (Boolean) row[8]);
        return new TokenRow(workspaceId, token, instant(row[5]), instant(row[12]), ((Number) row[13]).longValue());
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp " + value.getClass());
    }

    static String json(List<Grant> grants) {
        try {
            return JSON.writeValueAsString(grants);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Grant> grants(String json) {
        try {
            return JSON.readValue(json, GRANTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable grants of a token: " + e.getMessage(), e);
        }
    }
}
