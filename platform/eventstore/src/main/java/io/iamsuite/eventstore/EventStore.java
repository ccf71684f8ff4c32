package io.iamsuite.eventstore;

import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.EventTypes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The append-only event log of one writer service, in its PostgreSQL database.
 *
 * <p>A command runs in one transaction: {@link #lockWorkspace} (all writers of a workspace queue here, so
 * state read afterwards is current), read state, decide, {@link #append} the events and update the state
 * tables in the same session. Positions are gap-free per workspace and follow commit order; the
 * {@code UNIQUE(stream_id, stream_version)} constraint is the optimistic lock of each stream.
 */
@ApplicationScoped
public class EventStore {
    private final Mutiny.SessionFactory sessionFactory;
    private final Pool pool;
    private final OutboxRelay relay;
    private final EventCodec codec = EventCodec.standard();

    @Inject
    public EventStore(Mutiny.SessionFactory sessionFactory, Pool pool, OutboxRelay relay) {
        this.sessionFactory = sessionFactory;
        this.pool = pool;
        this.relay = relay;
    }

    /** Runs {@code work} in one transaction and wakes the relay once it has committed. */
    public <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return sessionFactory.withTransaction((session, tx) -> work.apply(session))
                .invoke(relay::wakeUp);
    }

    /**
     * Locks the workspace until the transaction ends and returns its current position. Every append locks
     * it too; a command that reads state before deciding calls this first so that its read is not stale.
     */
    public Uni<Long> lockWorkspace(Mutiny.Session session, String workspaceId) {
        return advanceHead(session, workspaceId, 0);
    }

    /** Appends the events of one command; they share the transaction of {@code session}. */
    public Uni<AppendResult> append(Mutiny.Session session, String workspaceId, List<StreamAppend> appends,
                                    CommandMetadata metadata) {
        int total = appends.stream().mapToInt(a -> a.events().size()).sum();
        EventSource source = appends.stream().flatMap(a -> a.events().stream()).map(DomainEvent::source)
                .findFirst().orElse(null);
        if (total == 0) {
            return Uni.createFrom().item(new AppendResult(List.of(), new ConsistencyToken(workspaceId, java.util.Map.of())));
        }
        if (appends.stream().flatMap(a -> a.events().stream()).anyMatch(e -> e.source() != source)) {
            throw new IllegalArgumentException("one append holds events of one source only");
        }
        return advanceHead(session, workspaceId, total)
                .chain(last -> streamVersions(session, appends)
                        .chain(versions -> insert(session, workspaceId, appends, versions, last - total + 1, metadata)))
                .map(events -> new AppendResult(events,
                        ConsistencyToken.of(workspaceId, source, events.get(events.size() - 1).position())))
                .onFailure(EventStore::isStreamVersionConflict)
                .transform(e -> new ConcurrencyConflictException(appends.get(0).streamId(),
                        appends.get(0).expectedVersion(), -1));
    }

    public Uni<AppendResult> append(Mutiny.Session session, String workspaceId, StreamAppend append,
                                    CommandMetadata metadata) {
        return append(session, workspaceId, List.of(append), metadata);
    }

    /** The last position of a workspace (0 if it has no events). */
    public Uni<Long> headPosition(String workspaceId) {
        return pool.preparedQuery("SELECT position FROM workspace_head WHERE workspace_id = $1")
                .execute(Tuple.of(workspaceId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : 0L);
    }

    /** Events of a workspace with position > {@code afterPosition}, in position order. */
    public Uni<List<EventEnvelope>> readWorkspace(String workspaceId, long afterPosition, int limit) {
        return pool.preparedQuery(SELECT_STORED + " WHERE workspace_id = $1 AND position > $2 ORDER BY position LIMIT $3")
                .execute(Tuple.of(workspaceId, afterPosition, limit))
                .map(rows -> {
                    List<EventEnvelope> events = new ArrayList<>();
                    rows.forEach(row -> events.add(decode(row)));
                    return events;
                });
    }

    /** Every event of one stream, in stream order. */
    public Uni<List<EventEnvelope>> readStream(String streamId) {
        return pool.preparedQuery(SELECT_STORED + " WHERE stream_id = $1 ORDER BY stream_version")
                .execute(Tuple.of(streamId))
                .map(rows -> {
                    List<EventEnvelope> events = new ArrayList<>();
                    rows.forEach(row -> events.add(decode(row)));
                    return events;
                });
    }

    static final String SELECT_STORED = "SELECT seq, event_id, workspace_id, position, stream_id, stream_version,"
            + " event_type, schema_version, data::text AS data, occurred_at, actor_type, actor_id, request_id"
            + " FROM event_log";

    private EventEnvelope decode(Row row) {
        var data = codec.decodeData(row.getString("event_type"), row.getInteger("schema_version"),
                row.getString("data"));
        return new EventEnvelope(row.getUUID("event_id"), row.getString("event_type"),
                EventTypes.currentVersion(data.getClass()), row.getString("workspace_id"),
                row.getString("stream_id"), row.getLong("stream_version"), row.getLong("position"),
                row.getOffsetDateTime("occurred_at").toInstant(),
                new io.iamsuite.events.Actor(io.iamsuite.events.Actor.Type.valueOf(row.getString("actor_type")),
                        row.getString("actor_id")),
                row.getString("request_id"), data);
    }

    private Uni<Long> advanceHead(Mutiny.Session session, String workspaceId, int by) {
        return session.createNativeQuery("INSERT INTO workspace_head (workspace_id, position) VALUES (:workspace, :by)"
                        + " ON CONFLICT (workspace_id) DO UPDATE SET position = workspace_head.position + :by"
                        + " RETURNING position", Long.class)
                .setParameter("workspace", workspaceId)
                .setParameter("by", (long) by)
                .getSingleResult();
    }

    private Uni<List<Long>> streamVersions(Mutiny.Session session, List<StreamAppend> appends) {
        Uni<List<Long>> versions = Uni.createFrom().item(new ArrayList<>());
        for (StreamAppend append : appends) {
            versions = versions.chain(found -> session.createNativeQuery(
                            "SELECT COALESCE(MAX(stream_version), 0) FROM event_log WHERE stream_id = :stream", Long.class)
                    .setParameter("stream", append.streamId())
                    .getSingleResult()
                    .map(current -> {
                        if (append.expectedVersion() != ExpectedVersion.ANY && current != append.expectedVersion()) {
                            throw new ConcurrencyConflictException(append.streamId(), append.expectedVersion(), current);
                        }
                        found.add(current);
                        return found;
                    }));
        }
        return versions;
    }

    private Uni<List<EventEnvelope>> insert(Mutiny.Session session, String workspaceId, List<StreamAppend> appends,
                                            List<Long> versions, long firstPosition, CommandMetadata metadata) {
        // Microsecond precision: what PostgreSQL keeps, so that a stored event reads back equal.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<EventEnvelope> events = new ArrayList<>();
        long position = firstPosition;
        for (int i = 0; i < appends.size(); i++) {
            long version = versions.get(i);
            for (DomainEvent event : appends.get(i).events()) {
                events.add(new EventEnvelope(UUID.randomUUID(), event.eventType(),
                        EventTypes.currentVersion(event.getClass()), workspaceId, appends.get(i).streamId(),
                        ++version, position++, now, metadata.actor(), metadata.requestId(), event));
            }
        }
        StringBuilder sql = new StringBuilder("INSERT INTO event_log (event_id, workspace_id, position, stream_id,"
                + " stream_version, event_type, schema_version, data, occurred_at, actor_type, actor_id, request_id) VALUES ");
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(String.format(
                    "(:id%1$d, :ws, :pos%1$d, :stream%1$d, :ver%1$d, :type%1$d, :schema%1$d, CAST(CAST(:data%1$d AS text) AS jsonb),"
                            + " :at, :actorType, :actorId, :request)", i));
        }
        var query = session.createNativeQuery(sql.toString())
                .setParameter("ws", workspaceId)
                .setParameter("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter("actorType", metadata.actor().type().name())
                .setParameter("actorId", metadata.actor().id())
                .setParameter("request", metadata.requestId());
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope event = events.get(i);
            query.setParameter("id" + i, event.eventId())
                    .setParameter("pos" + i, event.position())
                    .setParameter("stream" + i, event.streamId())
                    .setParameter("ver" + i, event.streamVersion())
                    .setParameter("type" + i, event.eventType())
                    .setParameter("schema" + i, event.schemaVersion())
                    .setParameter("data" + i, codec.encodeData(event.data()));
        }
        return query.executeUpdate().replaceWith(events);
    }

    private static boolean isStreamVersionConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyConflictException) {
                return false;
            }
            String message = t.getMessage();
            if (message != null && message.contains("event_log_stream_version")) {
                return true;
            }
        }
        return false;
    }
}
