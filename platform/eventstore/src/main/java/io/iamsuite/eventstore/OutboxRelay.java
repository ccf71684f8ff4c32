package io.iamsuite.eventstore;

import io.iamsuite.events.Actor;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventSource;
import io.iamsuite.messaging.KafkaTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes committed events to Kafka in position order per workspace, then marks them published.
 *
 * <p>One batch is one transaction holding a transaction-level advisory lock, so a single relay of the
 * service publishes at a time even when several instances run. The producer is idempotent with
 * {@code acks=all}; the key is the workspace id, so a workspace's events share a partition and keep their
 * order. Only what Kafka acknowledged is marked; after any crash the rest is sent again, so a consumer may
 * see an event twice and must skip positions it has applied. Never persist-then-forget: a failure of the
 * broker or the database only delays publication.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key: only one relay per database publishes at a time. */
    private static final long RELAY_LOCK = 0x1A3_5E1A7L;

    private final Pool pool;
    private final EventStoreConfig config;
    private final String bootstrapServers;
    private final MeterRegistry registry;
    private final EventCodec codec = EventCodec.standard();
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final Set<String> topicsEnsured = new HashSet<>();
    private volatile boolean running;
    private volatile Thread thread;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(Pool pool, EventStoreConfig config,
                       @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers,
                       MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        registry.gauge("iam.relay.published", published);
        registry.gauge("iam.relay.backlog", backlog);
        if (config.relay().enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops publishing; what is unpublished stays in the log for the next start. */
    public synchronized void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            wakeUp();
            try {
                // Let a batch in flight finish (an interrupt would abort the producer mid-close); force it only
                // if it hangs, which costs nothing but a re-send of that batch.
                current.join(5_000);
                if (current.isAlive()) {
                    current.interrupt();
                    current.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    /** Called after a commit, so the new events go out now rather than at the next poll. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    public long publishedCount() {
        return published.get();
    }

    public long backlog() {
        return backlog.get();
    }

    public String lastError() {
        return lastError.get();
    }

    private void run() {
        while (running) {
            try {
                int sent = publishBatch();
                lastError.set(null);
                if (sent < config.relay().batchSize()) {
                    wakeUps.tryAcquire(config.relay().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (!reason.equals(lastError.getAndSet(reason))) {
                    LOG.warnf("Relay paused, will retry: %s", reason);
                }
                closeProducer();
                try {
                    Thread.sleep(config.relay().retryBackoff().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        closeProducer();
    }

    /** Publishes one batch; returns how many events it published. */
    int publishBatch() throws InterruptedException {
        Duration timeout = Duration.ofSeconds(30);
        SqlConnection connection = pool.getConnection().await().atMost(timeout);
        try {
            Transaction tx = connection.begin().await().atMost(timeout);
            try {
                boolean locked = connection.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                        .execute(Tuple.of(RELAY_LOCK)).await().atMost(timeout).iterator().next().getBoolean(0);
                if (!locked) {
                    tx.rollback().await().atMost(timeout);
                    return 0;
                }
                List<Row> rows = new ArrayList<>();
                connection.preparedQuery(EventStore.SELECT_STORED + " WHERE NOT published ORDER BY seq LIMIT $1")
                        .execute(Tuple.of(config.relay().batchSize())).await().atMost(timeout)
                        .forEach(rows::add);
                if (rows.isEmpty()) {
                    backlog.set(0);
                    tx.rollback().await().atMost(timeout);
                    return 0;
                }
                List<Long> acknowledged = send(rows);
                connection.preparedQuery("UPDATE event_log SET published = TRUE WHERE seq = ANY($1)")
                        .execute(Tuple.of(acknowledged.toArray(new Long[0]))).await().atMost(timeout);
                tx.commit().await().atMost(timeout);
                published.addAndGet(acknowledged.size());
                backlog.set(rows.size() == config.relay().batchSize() ? rows.size() : 0);
                return acknowledged.size();
            } catch (RuntimeException | InterruptedException e) {
                try {
                    tx.rollback().await().atMost(timeout);
                } catch (RuntimeException ignored) {
                    // the connection is gone; PostgreSQL rolls back on its own
                }
                throw e;
            }
        } finally {
            connection.close().subscribe().with(ignored -> { }, ignored -> { });
        }
    }

    /**
     * Sends the rows in order and waits for Kafka. Returns the sequence numbers acknowledged before the
     * first failure; if any failed, throws after the prefix is known so that the caller retries the rest.
     */
    private List<Long> send(List<Row> rows) throws InterruptedException {
        KafkaProducer<String, byte[]> kafka = producer();
        List<Future<RecordMetadata>> futures = new ArrayList<>(rows.size());
        AtomicReference<Exception> refused = new AtomicReference<>();
        Thread relayThread = Thread.currentThread();
        for (Row row : rows) {
            // Nothing may reach Kafka behind a record it refused: a consumer would see a gap, and skip the refused
            // record for good when it comes again. Refused at once by send() (too large, no metadata within
            // max.block.ms): send no more. Refused later by the broker: close(0) on the producer's I/O thread, in
            // the callback, aborts every batch not sent yet (with one request in flight, all that follow it).
            if (refused.get() != null) {
                break;
            }
            String topic = topicOf(row.getString("event_type"));
            ensureTopic(topic);
            futures.add(kafka.send(record(topic, row), (metadata, e) -> {
                if (e != null && refused.compareAndSet(null, e) && Thread.currentThread() != relayThread) {
                    kafka.close(Duration.ZERO);
                }
            }));
        }
        kafka.flush();
        List<Long> acknowledged = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get(60, TimeUnit.SECONDS);
                acknowledged.add(rows.get(i).getLong("seq"));
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                if (acknowledged.isEmpty()) {
                    throw new IllegalStateException("Kafka did not acknowledge: " + rootMessage(e), e);
                }
                // Publish the acknowledged prefix now; the rest is retried by the next batch.
                lastError.set("Kafka did not acknowledge: " + rootMessage(e));
                closeProducer();
                break;
            }
        }
        return acknowledged;
    }

    private ProducerRecord<String, byte[]> record(String topic, Row row) {
        String workspace = row.getString("workspace_id");
        Instant occurredAt = row.getOffsetDateTime("occurred_at").toInstant();
        String eventType = row.getString("event_type");
        byte[] value = codec.encodeStored(row.getUUID("event_id"), eventType, row.getInteger("schema_version"),
                workspace, row.getString("stream_id"), row.getLong("stream_version"), row.getLong("position"),
                occurredAt, new Actor(Actor.Type.valueOf(row.getString("actor_type")), row.getString("actor_id")),
                row.getString("request_id"), row.getString("data")).getBytes(StandardCharsets.UTF_8);
        var record = new ProducerRecord<>(topic, workspace, value);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", row.getUUID("event_id").toString());
        header(record, "ce_type", eventType);
        header(record, "ce_source", "/iam/" + eventType.substring(0, eventType.indexOf('.')));
        header(record, "ce_time", occurredAt.toString());
        header(record, "ce_subject", row.getString("stream_id"));
        header(record, "content-type", "application/json");
        header(record, "iam_position", Long.toString(row.getLong("position")));
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String key, String value) {
        record.headers().add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    private String topicOf(String eventType) {
        return EventSource.fromId(eventType.substring(0, eventType.indexOf('.'))).topic(config.kafka().namespace());
    }

    private void ensureTopic(String topic) {
        if (topicsEnsured.add(topic)) {
            try {
                KafkaTopics.ensure(bootstrapServers, List.of(topic), config.kafka().partitions(),
                        config.kafka().replicationFactor());
            } catch (RuntimeException e) {
                topicsEnsured.remove(topic);
                throw e;
            }
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            // One request at a time: idempotence alone does not keep a partition's order when the first batch of a
            // new producer is refused (NOT_LEADER_OR_FOLLOWER on a just created topic): the broker accepts any
            // sequence number from a producer it does not know, so the second batch landed first, and a gap.
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(1));
            } catch (RuntimeException ignored) {
                // closing a producer whose broker is gone
            }
            producer = null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
