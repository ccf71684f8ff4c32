package io.iamsuite.eventstore;

import io.iamsuite.events.Actor;
import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The contract of {@link EventStore} against a real PostgreSQL (a fresh database for this application) and the
 * relay running in the application against a real Kafka broker. Every test works in its own workspaces.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class EventStoreContractTest {
    private static final CommandMetadata METADATA = new CommandMetadata(Actor.user("u-alice"), "req-1");
    private static final Duration TX_TIMEOUT = Duration.ofSeconds(60);

    @InjectInfra
    InfraInfo infra;

    @Inject
    EventStore eventStore;

    @Test
    void givenANewStream_whenAppending_thenReadingBackGivesExactlyTheEnvelopesAppendReturned() {
        String ws = workspace();
        String group = "group:" + ws + ":g1";
        AppendResult result = appendInOwnTransaction(ws, List.of(StreamAppend.of(group, ExpectedVersion.NO_STREAM,
                new IdentityEvent.GroupCreated("g1", "Admins"), new IdentityEvent.GroupRenamed("g1", "Owners"))),
                new CommandMetadata(Actor.token("tok-7"), "req-read-back"));

        assertThat(result.events()).hasSize(2);
        EventEnvelope first = result.events().get(0);
        EventEnvelope second = result.events().get(1);
        assertThat(first.eventType()).isEqualTo("identity.group-created");
        assertThat(second.eventType()).isEqualTo("identity.group-renamed");
        assertThat(List.of(first.position(), second.position())).containsExactly(1L, 2L);
        assertThat(List.of(first.streamVersion(), second.streamVersion())).containsExactly(1L, 2L);
        assertThat(result.events()).allSatisfy(e -> {
            assertThat(e.workspaceId()).isEqualTo(ws);
            assertThat(e.streamId()).isEqualTo(group);
            assertThat(e.actor()).isEqualTo(Actor.token("tok-7"));
            assertThat(e.requestId()).isEqualTo("req-read-back");
        });
        assertThat(first.eventId()).isNotEqualTo(second.eventId());
        assertThat(first.data()).isEqualTo(new IdentityEvent.GroupCreated("g1", "Admins"));
        assertThat(result.lastPosition()).isEqualTo(2);

        assertThat(run(() -> eventStore.readWorkspace(ws, 0, 100))).isEqualTo(result.events());
        assertThat(run(() -> eventStore.readWorkspace(ws, 1, 100))).containsExactly(second);
        assertThat(run(() -> eventStore.readStream(group))).isEqualTo(result.events());
        assertThat(run(() -> eventStore.headPosition(ws))).isEqualTo(2L);
        assertThat(run(() -> eventStore.headPosition(workspace()))).isZero();
    }

    @Test
    void givenEightConcurrentWritersOnOneWorkspace_whenEachAppends500Times_thenPositionsAreExactly1To4000InCommitOrder()
            throws Exception {
        String ws = workspace();
        int writers = 8;
        int appendsPerWriter = 500;
        int total = writers * appendsPerWriter;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        ConcurrentLinkedQueue<Long> positions = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long began = System.nanoTime();
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    // One writer: 500 appends one after the other, each its own transaction, chained on the writer's
                    // own Vert.x context (no hop back to this thread between two appends).
                    return run(() -> Multi.createFrom().range(0, appendsPerWriter).onItem()
                            .transformToUniAndConcatenate(i -> {
                                // mixed streams: every writer touches each of 7 streams, in a different phase
                                String stream = "group:" + ws + ":g" + ((writer + i) % 7);
                                DomainEvent event = new IdentityEvent.GroupRenamed("g" + ((writer + i) % 7),
                                        "w" + writer + "-" + i);
                                return eventStore.inTransaction(session -> {
                                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                    return eventStore.append(session, ws,
                                            StreamAppend.of(stream, ExpectedVersion.ANY, event), METADATA);
                                }).eventually(inFlight::decrementAndGet).map(AppendResult::lastPosition);
                            })
                            .collect().asList(), Duration.ofSeconds(150));
                }));
            }
            for (Future<List<Long>> future : futures) {
                List<Long> mine = future.get(180, TimeUnit.SECONDS);
                assertThat(mine).as("one writer's own appends commit one after the other").isSorted();
                positions.addAll(mine);
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        System.out.printf("[eventstore] %d concurrent writers x %d appends to one workspace: %d ms (%.0f appends/s),"
                + " at most %d transactions in flight%n", writers, appendsPerWriter, millis, total * 1000.0 / millis,
                maxInFlight.get());

        assertThat(maxInFlight.get()).as("the writers' transactions really overlapped").isGreaterThan(1);
        List<Long> sorted = new ArrayList<>(positions);
        Collections.sort(sorted);
        assertThat(sorted).as("the positions append returned: 1..4000, no gap, no duplicate")
                .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());

        List<long[]> stored = query("SELECT position, stream_id, stream_version FROM event_log"
                + " WHERE workspace_id = ? ORDER BY seq", ws, rs -> new long[] {rs.getLong(1),
                Long.parseLong(rs.getString(2).substring(rs.getString(2).lastIndexOf(":g") + 2)), rs.getLong(3)});
        assertThat(stored.stream().map(r -> r[0]).toList())
                .as("ordered by seq (insertion) the stored positions are 1..4000: seq order is commit order")
                .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
        Map<Long, List<Long>> versionsByStream = new HashMap<>();
        stored.forEach(r -> versionsByStream.computeIfAbsent(r[1], s -> new ArrayList<>()).add(r[2]));
        assertThat(versionsByStream).hasSize(7);
        versionsByStream.forEach((stream, versions) -> assertThat(versions)
                .as("stream g%d versions in commit order", stream)
                .isEqualTo(LongStream.rangeClosed(1, versions.size()).boxed().toList()));
        assertThat(run(() -> eventStore.headPosition(ws))).isEqualTo((long) total);
    }

    @Test
    void givenAStaleExpectedVersion_whenAppending_thenItIsRejectedAndNothingIsAppended() {
        String ws = workspace();
        String group = "group:" + ws + ":g1";
        appendInOwnTransaction(ws, List.of(StreamAppend.of(group, ExpectedVersion.NO_STREAM,
                new IdentityEvent.GroupCreated("g1", "Admins"))), METADATA);
        appendInOwnTransaction(ws, List.of(StreamAppend.of(group, 1, new IdentityEvent.GroupRenamed("g1", "Ops"))),
                METADATA);

        Throwable failure = catchThrowable(() -> appendInOwnTransaction(ws, List.of(StreamAppend.of(group, 1,
                new IdentityEvent.GroupRenamed("g1", "Stale"))), METADATA));

        assertThat(failure).isInstanceOf(ConcurrencyConflictException.class);
        ConcurrencyConflictException conflict = (ConcurrencyConflictException) failure;
        assertThat(conflict.streamId()).isEqualTo(group);
        assertThat(conflict.expectedVersion()).isEqualTo(1);
        assertThat(conflict.actualVersion()).isEqualTo(2);
        assertThat(run(() -> eventStore.headPosition(ws))).as("the head did not move").isEqualTo(2L);
        assertThat(run(() -> eventStore.readWorkspace(ws, 0, 100))).extracting(EventEnvelope::position)
                .containsExactly(1L, 2L);
        assertThat(run(() -> eventStore.readStream(group))).extracting(e -> ((Object) e.data()))
                .containsExactly(new IdentityEvent.GroupCreated("g1", "Admins"),
                        new IdentityEvent.GroupRenamed("g1", "Ops"));

        AppendResult next = appendInOwnTransaction(ws, List.of(StreamAppend.of(group, 2,
                new IdentityEvent.GroupRenamed("g1", "Fresh"))), METADATA);
        assertThat(next.lastPosition()).as("the rejected append left no hole").isEqualTo(3);
    }

    @Test
    void givenAnExistingStream_whenAppendingWithNoStream_thenItIsRejected() {
        String ws = workspace();
        String group = "group:" + ws + ":g1";
        appendInOwnTransaction(ws, List.of(StreamAppend.of(group, ExpectedVersion.NO_STREAM,
                new IdentityEvent.GroupCreated("g1", "Admins"))), METADATA);

        Throwable failure = catchThrowable(() -> appendInOwnTransaction(ws, List.of(StreamAppend.of(group,
                ExpectedVersion.NO_STREAM, new IdentityEvent.GroupCreated("g1", "Admins again"))), METADATA));

        assertThat(failure).isInstanceOf(ConcurrencyConflictException.class);
        assertThat(((ConcurrencyConflictException) failure).actualVersion()).isEqualTo(1);
        assertThat(run(() -> eventStore.readStream(group))).hasSize(1);
        assertThat(run(() -> eventStore.headPosition(ws))).isEqualTo(1L);
    }

    @Test
    void givenTwoConcurrentAppendsAtTheSameExpectedVersion_whenBothTryToCommit_thenExactlyOneWins() throws Exception {
        String ws = workspace();
        String group = "group:" + ws + ":g1";
        appendInOwnTransaction(ws, List.of(StreamAppend.of(group, ExpectedVersion.NO_STREAM,
                new IdentityEvent.GroupCreated("g1", "Admins"))), METADATA);

        // The first holds its transaction open after appending until the second is seen waiting on PostgreSQL.
        CompletableFuture<Void> gate = new CompletableFuture<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<AppendResult> holder = threads.submit(() -> run(() -> eventStore.inTransaction(session ->
                    eventStore.append(session, ws, StreamAppend.of(group, 1,
                            new IdentityEvent.GroupRenamed("g1", "first")), METADATA)
                            .call(ignored -> waitFor(gate)))));
            await("the first append to hold the workspace").atMost(Duration.ofSeconds(30))
                    .until(() -> holdingTransactions() == 1 && waitingOnLocks() == 0);
            Future<AppendResult> contender = threads.submit(() -> appendInOwnTransaction(ws,
                    List.of(StreamAppend.of(group, 1, new IdentityEvent.GroupRenamed("g1", "second"))), METADATA));
            await("the second append to wait on the first").atMost(Duration.ofSeconds(30))
                    .until(() -> waitingOnLocks() >= 1);
            gate.complete(null);

            AppendResult won = holder.get(30, TimeUnit.SECONDS);
            Throwable lost = catchThrowable(() -> contender.get(30, TimeUnit.SECONDS));
            assertThat(won.events().get(0).streamVersion()).isEqualTo(2);
            assertThat(lost).isInstanceOf(java.util.concurrent.ExecutionException.class)
                    .cause().isInstanceOf(ConcurrencyConflictException.class);
        } finally {
            gate.complete(null);
            threads.shutdownNow();
        }
        assertThat(run(() -> eventStore.readStream(group))).extracting(EventEnvelope::data)
                .containsExactly(new IdentityEvent.GroupCreated("g1", "Admins"),
                        new IdentityEvent.GroupRenamed("g1", "first"));
        assertThat(run(() -> eventStore.headPosition(ws))).isEqualTo(2L);
    }

    @Test
    void givenOneStreamWrittenFromTwoWorkspaces_whenBothCreateItConcurrently_thenTheUniqueConstraintLetsExactlyOneWin()
            throws Exception {
        // No workspace lock is shared here: the stream's UNIQUE (stream_id, stream_version) is the only guard.
        String wsA = workspace();
        String wsB = workspace();
        String stream = "group:shared:" + UUID.randomUUID();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<AppendResult> holder = threads.submit(() -> run(() -> eventStore.inTransaction(session ->
                    eventStore.append(session, wsA, StreamAppend.of(stream, ExpectedVersion.NO_STREAM,
                            new IdentityEvent.GroupCreated("g", "in A")), METADATA)
                            .call(ignored -> waitFor(gate)))));
            await("the first append to be inserted and held").atMost(Duration.ofSeconds(30))
                    .until(() -> holdingTransactions() == 1 && waitingOnLocks() == 0);
            Future<AppendResult> contender = threads.submit(() -> appendInOwnTransaction(wsB,
                    List.of(StreamAppend.of(stream, ExpectedVersion.NO_STREAM,
                            new IdentityEvent.GroupCreated("g", "in B"))), METADATA));
            await("the second insert to wait on the unique index").atMost(Duration.ofSeconds(30))
                    .until(() -> waitingOnLocks() >= 1);
            gate.complete(null);

            assertThat(holder.get(30, TimeUnit.SECONDS).events().get(0).streamVersion()).isEqualTo(1);
            Throwable lost = catchThrowable(() -> contender.get(30, TimeUnit.SECONDS));
            assertThat(lost).isInstanceOf(java.util.concurrent.ExecutionException.class)
                    .cause().isInstanceOf(ConcurrencyConflictException.class);
            assertThat(((ConcurrencyConflictException) lost.getCause()).actualVersion())
                    .as("detected by the constraint, not by the version check").isEqualTo(-1);
        } finally {
            gate.complete(null);
            threads.shutdownNow();
        }
        assertThat(run(() -> eventStore.readStream(stream))).extracting(EventEnvelope::workspaceId)
                .containsExactly(wsA);
        assertThat(run(() -> eventStore.headPosition(wsB))).as("the loser's head rolled back").isZero();
    }

    @Test
    void givenTwoWorkspaces_whenAppendingToBoth_thenEachHasItsOwnPositionsStartingAtOne() {
        String wsA = workspace();
        String wsB = workspace();
        AppendResult a1 = appendInOwnTransaction(wsA, List.of(StreamAppend.of("group:" + wsA + ":g1",
                ExpectedVersion.NO_STREAM, new IdentityEvent.GroupCreated("g1", "a"))), METADATA);
        AppendResult b1 = appendInOwnTransaction(wsB, List.of(StreamAppend.of("group:" + wsB + ":g1",
                ExpectedVersion.NO_STREAM, new IdentityEvent.GroupCreated("g1", "b"),
                new IdentityEvent.GroupRenamed("g1", "bb"))), METADATA);
        AppendResult a2 = appendInOwnTransaction(wsA, List.of(StreamAppend.of("group:" + wsA + ":g2",
                ExpectedVersion.NO_STREAM, new IdentityEvent.GroupCreated("g2", "a2"))), METADATA);

        assertThat(a1.events()).extracting(EventEnvelope::position).containsExactly(1L);
        assertThat(b1.events()).extracting(EventEnvelope::position).containsExactly(1L, 2L);
        assertThat(a2.events()).extracting(EventEnvelope::position).containsExactly(2L);
        assertThat(run(() -> eventStore.headPosition(wsA))).isEqualTo(2L);
        assertThat(run(() -> eventStore.headPosition(wsB))).isEqualTo(2L);
    }

    @Test
    void givenAnAppendOfTwoStreams_whenTheSecondConflicts_thenTheFirstIsNotAppendedEither() {
        String ws = workspace();
        String existing = "group:" + ws + ":existing";
        String fresh = "group:" + ws + ":fresh";
        appendInOwnTransaction(ws, List.of(StreamAppend.of(existing, ExpectedVersion.NO_STREAM,
                new IdentityEvent.GroupCreated("existing", "x"))), METADATA);

        Throwable failure = catchThrowable(() -> appendInOwnTransaction(ws, List.of(
                StreamAppend.of(fresh, ExpectedVersion.NO_STREAM, new IdentityEvent.GroupCreated("fresh", "f")),
                StreamAppend.of(existing, ExpectedVersion.NO_STREAM, new IdentityEvent.GroupCreated("existing", "y"))),
                METADATA));

        assertThat(failure).isInstanceOf(ConcurrencyConflictException.class);
        assertThat(((ConcurrencyConflictException) failure).streamId()).isEqualTo(existing);
        assertThat(run(() -> eventStore.readStream(fresh))).as("the first stream was not appended").isEmpty();
        assertThat(run(() -> eventStore.readWorkspace(ws, 0, 100))).hasSize(1);
        assertThat(run(() -> eventStore.headPosition(ws))).isEqualTo(1L);

        AppendResult both = appendInOwnTransaction(ws, List.of(
                StreamAppend.of(fresh, ExpectedVersion.NO_STREAM, new IdentityEvent.GroupCreated("fresh", "f")),
                StreamAppend.of(existing, 1, new IdentityEvent.GroupRenamed("existing", "y"))), METADATA);
        assertThat(both.events()).extracting(EventEnvelope::streamId, EventEnvelope::streamVersion,
                        EventEnvelope::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(fresh, 1L, 2L),
                        org.assertj.core.groups.Tuple.tuple(existing, 2L, 3L));
    }

    @Test
    void givenAnAppend_whenReadingItsConsistencyToken_thenItNamesTheWorkspaceAndTheLastPositionOfItsSource() {
        String ws = workspace();
        appendInOwnTransaction(ws, List.of(StreamAppend.of("group:" + ws + ":g1", ExpectedVersion.NO_STREAM,
                new IdentityEvent.GroupCreated("g1", "a"))), METADATA);
        AppendResult result = appendInOwnTransaction(ws, List.of(StreamAppend.of("group:" + ws + ":g2",
                ExpectedVersion.NO_STREAM, new IdentityEvent.GroupCreated("g2", "b"),
                new IdentityEvent.GroupRenamed("g2", "c"))), METADATA);

        ConsistencyToken token = result.consistencyToken();
        assertThat(token.workspaceId()).isEqualTo(ws);
        assertThat(token.positions()).containsExactly(Map.entry(EventSource.IDENTITY, 3L));
        assertThat(token.position(EventSource.IDENTITY)).isEqualTo(result.lastPosition()).isEqualTo(3L);
        assertThat(token.position(EventSource.RESOURCE)).isZero();
        assertThat(ConsistencyToken.decode(token.encode())).isEqualTo(token);

        AppendResult empty = run(() -> eventStore.inTransaction(session -> eventStore.append(session, ws,
                List.of(), METADATA)));
        assertThat(empty.events()).isEmpty();
        assertThat(empty.consistencyToken().workspaceId()).isEqualTo(ws);
        assertThat(run(() -> eventStore.headPosition(ws))).isEqualTo(3L);
    }

    @Test
    void givenTheRunningRelay_whenEventsAreAppended_thenTheyArePublishedKeyedByWorkspaceWithCloudEventsHeaders() {
        String ws = workspace();
        List<EventEnvelope> stored = new ArrayList<>();
        stored.addAll(appendInOwnTransaction(ws, List.of(StreamAppend.of("group:" + ws + ":g1",
                ExpectedVersion.NO_STREAM, new IdentityEvent.GroupCreated("g1", "a"),
                new IdentityEvent.GroupRenamed("g1", "b"))), METADATA).events());
        stored.addAll(appendInOwnTransaction(ws, List.of(StreamAppend.of("group:" + ws + ":g2",
                ExpectedVersion.NO_STREAM, new IdentityEvent.GroupCreated("g2", "c"))),
                new CommandMetadata(Actor.system(), null)).events());
        String topic = infra.eventsTopic("identity");

        List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
        await("the relay to publish the 3 events of " + ws).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    mine.clear();
                    TopicRecords.readAll(infra.kafkaBootstrap(), topic, Duration.ofSeconds(30)).stream()
                            .filter(r -> ws.equals(r.key())).forEach(mine::add);
                    return mine.size() >= stored.size();
                });

        assertThat(mine).hasSize(3);
        assertThat(mine).extracting(ConsumerRecord::partition).as("one workspace, one partition").containsOnly(
                mine.get(0).partition());
        EventCodec codec = EventCodec.standard();
        for (int i = 0; i < stored.size(); i++) {
            EventEnvelope expected = stored.get(i);
            ConsumerRecord<String, byte[]> record = mine.get(i);
            assertThat(codec.decode(record.value())).as("record %d decodes to the stored envelope", i)
                    .isEqualTo(expected);
            assertThat(TopicRecords.header(record, "ce_id")).isEqualTo(expected.eventId().toString());
            assertThat(TopicRecords.header(record, "ce_type")).isEqualTo(expected.eventType());
            assertThat(TopicRecords.header(record, "ce_source")).isEqualTo("/iam/identity");
            assertThat(TopicRecords.header(record, "ce_time")).isEqualTo(expected.occurredAt().toString());
            assertThat(TopicRecords.header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(TopicRecords.header(record, "ce_subject")).isEqualTo(expected.streamId());
            assertThat(TopicRecords.header(record, "iam_position")).isEqualTo(Long.toString(expected.position()));
        }
        await("the published events to be marked").atMost(Duration.ofSeconds(30)).until(() ->
                query("SELECT count(*) FROM event_log WHERE workspace_id = ? AND NOT published", ws,
                        rs -> rs.getLong(1)).get(0) == 0L);
    }

    // ---------------------------------------------------------------------------------------------------------

    private AppendResult appendInOwnTransaction(String ws, List<StreamAppend> appends, CommandMetadata metadata) {
        return run(() -> eventStore.inTransaction(session -> eventStore.append(session, ws, appends, metadata)));
    }

    /** Subscribes on a fresh duplicated Vert.x context (its own Hibernate Reactive session) and waits, bounded. */
    static <T> T run(Supplier<Uni<T>> work) {
        return run(work, TX_TIMEOUT);
    }

    static <T> T run(Supplier<Uni<T>> work, Duration timeout) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> work.get().ifNoItem().after(timeout).fail());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new CompletionException(e);
        }
    }

    /** Completes on the caller's Vert.x context once {@code gate} completes, so the session stays on its thread. */
    private static Uni<Void> waitFor(CompletableFuture<Void> gate) {
        return Uni.createFrom().deferred(() -> {
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            return Uni.createFrom().<Void>emitter(emitter -> gate.whenComplete((ignored, failure) ->
                    context.runOnContext(v -> emitter.complete(null))));
        });
    }

    private static String workspace() {
        return "ws-" + UUID.randomUUID();
    }

    /** Sessions of this database waiting for a lock (a row of workspace_head or a key of a unique index). */
    private long waitingOnLocks() throws SQLException {
        return query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = ?", "Lock", rs -> rs.getLong(1)).get(0);
    }

    /** Transactions that inserted into event_log and now wait, open, for their client. */
    private long holdingTransactions() throws SQLException {
        return query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND state = 'idle in transaction' AND backend_xid IS NOT NULL AND query ILIKE ?",
                "%insert into event_log%", rs -> rs.getLong(1)).get(0);
    }

    private <T> List<T> query(String sql, String parameter, RowMapper<T> mapper) throws SQLException {
        try (Connection connection = infra.openConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        }
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }
}
