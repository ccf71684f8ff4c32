package io.iamsuite.eventstore;

import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.testing.EmbeddedKafkaBroker;
import io.iamsuite.testing.EmbeddedPostgresServer;
import io.iamsuite.testing.PgEndpoint;
import io.iamsuite.testing.Postgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay under failures, on infrastructure this class owns: a dedicated in-JVM Kafka broker and a dedicated
 * embedded PostgreSQL, both restarted mid-stream here (so never the shared ones). A writer commits events
 * continuously into three workspaces with plain JDBC while relays built by hand are stopped, abandoned, run in pairs,
 * and the broker or the database restarts. Whatever happens, a consumer reading the topic from the beginning must
 * see, per workspace, every committed position, and never one beyond the next new position: duplicates only, no gap.
 */
class OutboxRelayResilienceTest {
    private static final List<String> WORKSPACES = List.of("ws-a", "ws-b", "ws-c");
    private static final Duration WRITER_PACE = Duration.ofMillis(3);
    private static final Duration OUTAGE_LIMIT = Duration.ofSeconds(60);
    private static final Duration LONG = Duration.ofSeconds(60);

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedPostgresServer postgres;
    private static Vertx vertx;

    private final List<OutboxRelay> relays = new ArrayList<>();
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private String database;
    private String namespace;
    private String topic;
    private OutboxWriter writer;
    private String testName;

    @BeforeAll
    static void startInfrastructure() {
        // both come up side by side; their start is most of this class's fixed cost
        CompletableFuture<EmbeddedKafkaBroker> kafka = CompletableFuture.supplyAsync(
                () -> new EmbeddedKafkaBroker().start());
        postgres = new EmbeddedPostgresServer().start();
        broker = kafka.join();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopInfrastructure() {
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void freshDatabaseAndTopic(TestInfo info) throws Exception {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("?");
        database = Postgres.createDatabase(postgres.endpoint());
        String schema;
        try (InputStream in = OutboxRelay.class.getClassLoader().getResourceAsStream("db/eventstore/V1__event_store.sql")) {
            assertThat(in).as("the schema migration on the classpath").isNotNull();
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(schema);
        }
        namespace = "r" + Postgres.randomAlphanumeric(8);
        topic = EventSource.IDENTITY.topic(namespace);
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            if (writer != null) {
                writer.stop();
            }
        } finally {
            relays.forEach(OutboxRelay::stop);
            pools.values().forEach(pool -> pool.close().await().atMost(Duration.ofSeconds(10)));
            if (!postgres.isRunning()) {
                postgres.start();
            }
            if (!broker.isRunning()) {
                broker.start();
            }
        }
    }

    @Test
    void givenARelayStoppedAndAnotherAbandonedMidBatch_whenNewRelaysTakeOverTwoAtATime_thenEveryPositionArrivesWithDuplicatesOnly()
            throws Exception {
        writer = new OutboxWriter(jdbcUrl(), WORKSPACES, WRITER_PACE, OUTAGE_LIMIT).start();

        // phase 1: one relay publishes, then stops gracefully while the writer goes on
        OutboxRelay first = startRelay("relay-1");
        awaitPublished(first, 300);
        first.stop();
        long afterStop = awaitQuiet();
        System.out.printf("[relay:%s] graceful stop(): relay-1 published %d, duplicates so far %d%n", testName,
                first.publishedCount(), afterStop);

        // phase 2: a backlog builds up; a new relay works on it and is abandoned in the middle of a batch: Kafka has
        // acknowledged the batch, the marks are not committed (the test holds the rows' locks until then)
        await("a backlog of 1000 events").atMost(LONG).until(() -> {
            writer.assertAlive();
            return unpublished() >= 1000;
        });
        OutboxRelay second = startRelay("relay-2");
        awaitPublished(second, 100);
        try (Connection blocker = connect()) {
            blocker.setAutoCommit(false);
            assertThat(lockUnpublished(blocker)).as("rows left for relay-2's next batch").isPositive();
            await("relay-2 to have sent a batch and to wait to mark it").atMost(LONG)
                    .until(() -> waitingOnLock("relay-2"));
            abandon("relay-2");
            blocker.rollback();
        }
        await("relay-2 to notice it lost its database").atMost(LONG).until(() -> second.lastError() != null);
        long afterAbandon = awaitQuiet();
        System.out.printf("[relay:%s] abandoned mid-batch: relay-2 published %d, duplicates from the abandoned batch %d"
                + " (%s)%n", testName, second.publishedCount(), afterAbandon - afterStop, second.lastError());
        assertThat(afterAbandon - afterStop).as("the abandoned batch reached Kafka unmarked, so it goes out again")
                .isBetween(1L, 100L);

        // phase 3: two new relays at once; the advisory lock lets one publish at a time, so none duplicates
        OutboxRelay third = startRelay("relay-3");
        OutboxRelay fourth = startRelay("relay-4");
        long thirdBefore = third.publishedCount();
        await("both concurrent relays to publish").atMost(LONG)
                .until(() -> third.publishedCount() > 0 && fourth.publishedCount() > 0 && unpublished() < 100);
        long committedBefore = writer.committedEvents();
        await("the writer to go on for another 600 events").atMost(LONG)
                .until(() -> {
                    writer.assertAlive();
                    return writer.committedEvents() >= committedBefore + 600;
                });

        writer.stop();
        Map<String, Long> heads = drainAndHeads();
        long duplicates = verifyTopic(heads);
        System.out.printf("[relay:%s] concurrent relays: relay-3 published %d, relay-4 published %d (%d before)%n",
                testName, third.publishedCount(), fourth.publishedCount(), thirdBefore);
        assertThat(duplicates).as("two relays at once added no duplicate: the advisory lock serialises them")
                .isEqualTo(afterAbandon);
        assertThat(third.publishedCount() + fourth.publishedCount() + second.publishedCount()
                + first.publishedCount()).as("every event was marked exactly once").isEqualTo(total(heads));
    }

    @Test
    void givenTheBrokerRestartingMidStream_whenTheRelayRetries_thenEveryPositionArrivesWithDuplicatesOnly()
            throws Exception {
        writer = new OutboxWriter(jdbcUrl(), WORKSPACES, WRITER_PACE, OUTAGE_LIMIT).start();
        OutboxRelay relay = startRelay("relay-broker");
        awaitPublished(relay, 300);

        // restart 1: whenever it comes
        long before = relay.publishedCount();
        long began = System.nanoTime();
        broker.restart();
        System.out.printf("[relay:%s] broker restart() took %d ms (relay had published %d)%n", testName,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), before);
        awaitPublished(relay, before + 300);

        // restart 2: down until a batch has been waiting for it for half a second, then up again
        before = relay.publishedCount();
        began = System.nanoTime();
        broker.stop();
        await("a batch waiting for the broker").atMost(LONG).until(() -> inBatchFor("relay-broker", 500));
        broker.start();
        System.out.printf("[relay:%s] broker down for %d ms with a batch in flight (relay had published %d)%n",
                testName, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), before);
        awaitPublished(relay, before + 300);

        writer.stop();
        Map<String, Long> heads = drainAndHeads();
        long duplicates = verifyTopic(heads);
        System.out.printf("[relay:%s] after 2 broker restarts: %d duplicates, relay's last error: %s%n", testName,
                duplicates, relay.lastError());
    }

    @Test
    void givenPostgresRestartingMidStream_whenWriterAndRelayReconnect_thenEveryPositionArrivesWithDuplicatesOnly()
            throws Exception {
        writer = new OutboxWriter(jdbcUrl(), WORKSPACES, WRITER_PACE, OUTAGE_LIMIT).start();
        OutboxRelay relay = startRelay("relay-pg");
        awaitPublished(relay, 300);

        // restart 1: whenever it comes; restart 2: while Kafka has acknowledged a batch whose marks wait on locks
        // the test holds, so that the batch is lost to PostgreSQL and must go out again
        for (int restart = 1; restart <= 2; restart++) {
            long published = relay.publishedCount();
            long committed = writer.committedEvents();
            int failures = writer.failures();
            Connection blocker = null;
            if (restart == 2) {
                blocker = connect();
                blocker.setAutoCommit(false);
                Connection locking = blocker;
                await("unpublished rows to lock").atMost(LONG).until(() -> lockUnpublished(locking) > 0);
                await("the relay to wait to mark its batch").atMost(LONG).until(() -> waitingOnLock("relay-pg"));
            }
            long began = System.nanoTime();
            postgres.restart();
            long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            if (blocker != null) {
                closeQuietly(blocker);
            }
            await("the writer to commit 300 more events after restart " + restart).atMost(LONG)
                    .until(() -> {
                        writer.assertAlive();
                        return writer.committedEvents() >= committed + 300;
                    });
            awaitPublished(relay, published + 300);
            System.out.printf("[relay:%s] PostgreSQL restart %d took %d ms; writer failed %d times during it%n",
                    testName, restart, restartMillis, writer.failures() - failures);
        }

        writer.stop();
        Map<String, Long> heads = drainAndHeads();
        long duplicates = verifyTopic(heads);
        System.out.printf("[relay:%s] after 2 PostgreSQL restarts: %d duplicates; writer: %d events in %d commits,"
                + " %d failures%n", testName, duplicates, writer.committedEvents(), writer.commits(), writer.failures());
        assertThat(writer.failures()).as("the restarts really cut the writer off").isPositive();
        // No assertion on the number of duplicates: whether the relay's blocked batch had already been
        // acknowledged by Kafka when PostgreSQL went down depends on timing (under CI load it once had not,
        // and nothing was re-sent). What must hold whatever the timing is verifyTopic's: every position, in
        // order, never a gap. The deterministic acknowledged-but-unmarked case is the abandoned-relay test.
    }

    @Test
    void givenAnEventTheProducerRefuses_whenTheRelayReachesIt_thenNothingAfterItIsPublishedAndTheErrorIsReported()
            throws Exception {
        // larger than the producer's max.request.size (1 MiB): send() fails it at once
        assertARefusedEventHoldsBackWhatFollows("x".repeat(1_200_000));
    }

    @Test
    void givenAnEventTheBrokerRefuses_whenTheRelayReachesIt_thenNothingAfterItIsPublishedAndTheErrorIsReported()
            throws Exception {
        // within the producer's limits but above the topic's max.message.bytes even compressed (random text): the
        // broker fails its batch while the next batch of the same partition already waits in the producer
        broker.createTopic(topic, 3, Map.of("max.message.bytes", "20000"));
        assertARefusedEventHoldsBackWhatFollows(Postgres.randomAlphanumeric(100_000));
    }

    /** ws-a: 1 and 2 fine, 3 refused, 4 fine; then ws-b: 1 fine. */
    private void assertARefusedEventHoldsBackWhatFollows(String refusedGroupName) throws Exception {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            OutboxWriter.append(connection, "ws-a", List.of("one", "two"));
            OutboxWriter.append(connection, "ws-a", List.of(refusedGroupName));
            OutboxWriter.append(connection, "ws-a", List.of("four"));
            OutboxWriter.append(connection, "ws-b", List.of("one"));
        }
        OutboxRelay relay = startRelay("relay-refused");

        await("the relay to report the refused record").atMost(LONG).until(() -> relay.lastError() != null
                && relay.lastError().contains("RecordTooLarge"));
        await("the relay to stay on the refused record").atMost(LONG).during(Duration.ofSeconds(1))
                .until(() -> published() == 2);
        assertThat(relay.isRunning()).as("the relay keeps retrying").isTrue();
        relay.stop();
        awaitQuiet();
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.readAll(broker.bootstrapServers(), topic, LONG);
        Map<String, Long> duplicates = new LinkedHashMap<>();
        Map<String, Long> max = checkNoGap(records, duplicates, new LinkedHashMap<>());
        List<String> published = records.stream().map(r -> r.key() + "@" + TopicRecords.header(r, "iam_position"))
                .toList();
        System.out.printf("[relay:%s] published %s%s; duplicates %s; error: %s%n", testName,
                published.subList(0, Math.min(8, published.size())), published.size() > 8 ? " ... ("
                + published.size() + " records)" : "", duplicates, relay.lastError());

        assertThat(max.get("ws-a")).as("nothing of ws-a after the refused position 3 went out").isEqualTo(2);
        assertThat(duplicates).as("ws-a's first two went out once").doesNotContainKey("ws-a");
        // ws-b@1 comes after the refused record in the log; sent in the same request (another partition) it may go
        // out, unmarked, once per retry: duplicates, never anything beyond it
        assertThat(max.getOrDefault("ws-b", 0L)).isLessThanOrEqualTo(1);
        assertThat(published()).isEqualTo(2);
    }

    @Test
    void givenABacklogAndATopicNotYetCreated_whenAFreshRelayCreatesItAndPublishes_thenNoPositionOvertakesAnother()
            throws Exception {
        // A topic's partitions may refuse the first produce requests (NOT_LEADER_OR_FOLLOWER) right after creation;
        // the broker accepts any sequence number from a producer it does not know yet, so a retried first batch
        // could land after the second one. Several fresh topics, each with batches in flight at once.
        int rounds = Integer.getInteger("iam.test.freshTopicRounds", 8);
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < 100; i++) {
                for (String ws : WORKSPACES) {
                    OutboxWriter.append(connection, ws, List.of(ws + i + "a", ws + i + "b", ws + i + "c"));
                }
            }
        }
        long duplicates = 0;
        for (int round = 1; round <= rounds; round++) {
            namespace = "r" + Postgres.randomAlphanumeric(8);
            topic = EventSource.IDENTITY.topic(namespace);
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("UPDATE event_log SET published = FALSE");
            }
            OutboxRelay relay = startRelay("relay-fresh-" + round);
            Map<String, Long> heads = drainAndHeads();
            relay.stop();
            duplicates += verifyTopic(heads);
        }
        assertThat(duplicates).as("nothing failed, so nothing went twice").isZero();
    }

    // ---------------------------------------------------------------------------------------------------------

    private OutboxRelay startRelay(String name) {
        PgEndpoint endpoint = postgres.endpoint();
        PgConnectOptions options = new PgConnectOptions().setHost(endpoint.host()).setPort(endpoint.port())
                .setDatabase(database).setUser(endpoint.username()).setPassword(endpoint.password())
                .addProperty("application_name", name);
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(options).using(vertx).build();
        pools.put(name, pool);
        OutboxRelay relay = new OutboxRelay(pool, new TestConfig(namespace), broker.bootstrapServers(),
                new SimpleMeterRegistry());
        relays.add(relay);
        relay.start();
        return relay;
    }

    /** Kills the relay's database connections right now and closes its pool, so that it can never come back. */
    private void abandon(String name) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + name + "'");
        }
        pools.get(name).close().await().atMost(Duration.ofSeconds(10));
    }

    private void awaitPublished(OutboxRelay relay, long atLeast) {
        await("the relay to have published " + atLeast).atMost(LONG).until(() -> relay.publishedCount() >= atLeast);
    }

    /** Waits until the topic stops growing; returns records on the topic minus events marked published. */
    private long awaitQuiet() {
        long[] last = {-1, -1};
        await("the topic and the marks to settle").atMost(LONG).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
                    long records = topicSize();
                    long published = published();
                    boolean settled = records == last[0] && published == last[1];
                    last[0] = records;
                    last[1] = published;
                    return settled;
                });
        return last[0] - last[1];
    }

    /** Waits until the relays published everything; returns the head of every workspace. */
    private Map<String, Long> drainAndHeads() throws SQLException {
        await("the relays to drain the log").atMost(LONG).ignoreExceptions().until(() -> unpublished() == 0);
        Map<String, Long> heads = new TreeMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT workspace_id, position FROM workspace_head")) {
            while (rs.next()) {
                heads.put(rs.getString(1), rs.getLong(2));
            }
        }
        assertThat(heads.keySet()).containsExactlyElementsOf(WORKSPACES);
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT workspace_id, count(*), count(DISTINCT position),"
                     + " min(position), max(position) FROM event_log GROUP BY workspace_id ORDER BY workspace_id")) {
            while (rs.next()) {
                long head = heads.get(rs.getString(1));
                assertThat(List.of(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                        .as("the log of %s holds positions 1..%d exactly once", rs.getString(1), head)
                        .containsExactly(head, head, 1L, head);
            }
        }
        assertThat(total(heads)).as("the writer's acknowledged commits are in the log")
                .isGreaterThanOrEqualTo(writer == null ? 0 : writer.committedEvents());
        return heads;
    }

    /**
     * Reads the whole topic from the beginning and checks, per workspace in partition order, that each record is
     * either the next new position or one already seen, and that the last is the workspace's head. Returns the number
     * of duplicates.
     */
    private long verifyTopic(Map<String, Long> heads) {
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.readAll(broker.bootstrapServers(), topic, LONG);
        Map<String, Long> duplicates = new LinkedHashMap<>();
        Map<String, Integer> partitionOf = new LinkedHashMap<>();
        Map<String, Long> max = checkNoGap(records, duplicates, partitionOf);
        assertThat(max).as("every committed position reached the topic").isEqualTo(heads);
        long total = duplicates.values().stream().mapToLong(Long::longValue).sum();
        assertThat(records).hasSize((int) (total(heads) + total));
        System.out.printf("[relay:%s] topic %s: %d records for %d events; heads %s; duplicates per workspace %s;"
                + " partitions %s%n", testName, topic, records.size(), total(heads), heads, duplicates, partitionOf);
        return total;
    }

    /**
     * Checks the records, per workspace in partition order: the key is the workspace, a workspace stays in one
     * partition, and each position is the next new one or a duplicate (never a gap). Returns the highest position
     * per workspace; counts the duplicates into {@code duplicates}.
     */
    private static Map<String, Long> checkNoGap(List<ConsumerRecord<String, byte[]>> records,
                                                Map<String, Long> duplicates, Map<String, Integer> partitionOf) {
        EventCodec codec = EventCodec.standard();
        Map<String, Long> max = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            EventEnvelope event = codec.decode(record.value());
            String ws = record.key();
            assertThat(event.workspaceId()).as("the key is the workspace").isEqualTo(ws);
            assertThat(partitionOf.computeIfAbsent(ws, w -> record.partition()))
                    .as("all of %s's events are in one partition", ws).isEqualTo(record.partition());
            assertThat(TopicRecords.header(record, "iam_position")).isEqualTo(Long.toString(event.position()));
            assertThat(event.streamVersion()).isEqualTo(event.position());
            long seen = max.getOrDefault(ws, 0L);
            if (event.position() <= seen) {
                duplicates.merge(ws, 1L, Long::sum);
            } else {
                assertThat(event.position()).as("%s: after position %d comes %d or a duplicate, never a gap "
                        + "(partition %d offset %d)", ws, seen, seen + 1, record.partition(), record.offset())
                        .isEqualTo(seen + 1);
                max.put(ws, event.position());
            }
        }
        return max;
    }

    private static long total(Map<String, Long> heads) {
        return heads.values().stream().mapToLong(Long::longValue).sum();
    }

    private long unpublished() throws SQLException {
        return count("SELECT count(*) FROM event_log WHERE NOT published");
    }

    private long published() throws SQLException {
        return count("SELECT count(*) FROM event_log WHERE published");
    }

    /** Whether the relay's connection waits for a lock (its marking UPDATE, on rows the test holds). */
    private boolean waitingOnLock(String applicationName) throws SQLException {
        return count("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + applicationName
                + "' AND wait_event_type = 'Lock'") > 0;
    }

    /** Whether the relay's transaction has been open for {@code millis} (it waits for Kafka inside a batch). */
    private boolean inBatchFor(String applicationName, long millis) throws SQLException {
        return count("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + applicationName
                + "' AND state = 'idle in transaction' AND clock_timestamp() - xact_start > interval '" + millis
                + " milliseconds'") > 0;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // PostgreSQL restarted under it
        }
    }

    /** Locks every unpublished row in the transaction of {@code connection}; returns how many. */
    private static long lockUnpublished(Connection connection) throws SQLException {
        long locked = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT seq FROM event_log WHERE NOT published FOR UPDATE")) {
            while (rs.next()) {
                locked++;
            }
        }
        return locked;
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Records on the topic so far (0 before the relay created it). */
    private long topicSize() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                return 0;
            }
            return consumer.endOffsets(partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList(),
                    Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private String jdbcUrl() {
        return postgres.endpoint().jdbcUrl(database);
    }

    private Connection connect() throws SQLException {
        return Postgres.connect(postgres.endpoint(), database);
    }

    /** The relay's configuration: small batches so that failures land mid-stream, short pauses. */
    private record TestConfig(String namespace) implements EventStoreConfig {
        @Override
        public io.iamsuite.messaging.KafkaSettings kafka() {
            return new io.iamsuite.messaging.KafkaSettings() {
                @Override
                public String namespace() {
                    return namespace;
                }

                @Override
                public int partitions() {
                    return 3;
                }

                @Override
                public short replicationFactor() {
                    return 1;
                }
            };
        }

        @Override
        public Relay relay() {
            return new Relay() {
                @Override
                public boolean enabled() {
                    return true;
                }

                @Override
                public int batchSize() {
                    return 100;
                }

                @Override
                public Duration pollInterval() {
                    return Duration.ofMillis(50);
                }

                @Override
                public Duration retryBackoff() {
                    return Duration.ofMillis(100);
                }
            };
        }
    }
}
