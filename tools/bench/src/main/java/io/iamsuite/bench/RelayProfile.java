package io.iamsuite.bench;

import io.iamsuite.events.Actor;
import io.iamsuite.events.EventCodec;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the time of one relay batch goes. OutboxRelay cannot be instrumented from outside, so this is a replica of
 * {@code OutboxRelay.publishBatch} (platform/eventstore as of commit 79b6a0f: one request in flight, a callback per
 * record): the same SQL statements, the same producer settings and the same record encoding, with a clock around each
 * phase. Keep it in step when the relay changes. Variants change one thing at a
 * time (the producer's {@code batch.size}; marking rows published with a DELETE from a narrow outbox table instead of
 * an UPDATE of {@code event_log}) to show what a change to the relay would buy. The first batch of each run (connection
 * set-up, producer metadata) is left out of the figures.
 */
final class RelayProfile {
    /** Copied from EventStore.SELECT_STORED (package-private there). */
    static final String SELECT_STORED = "SELECT seq, event_id, workspace_id, position, stream_id, stream_version,"
            + " event_type, schema_version, data::text AS data, occurred_at, actor_type, actor_id, request_id"
            + " FROM event_log";
    private static final long RELAY_LOCK = 0x1A3_5E1A7L;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    enum Mark { UPDATE_EVENT_LOG, DELETE_FROM_OUTBOX_TABLE }

    record Variant(String name, int batchSize, Integer producerBatchBytes, Mark mark) {
    }

    /** Milliseconds per batch, by phase. */
    static final class Phases {
        final String variant;
        int batches;
        /** Events of the measured batches (all but the first, which pays for the connection and the producer). */
        long events;
        long published;
        double lock;
        double select;
        double encode;
        double send;
        double flushAcks;
        double mark;
        double commit;
        double wall;
        final List<Double> selectPerBatch = new ArrayList<>();
        final List<Double> markPerBatch = new ArrayList<>();

        Phases(String variant) {
            this.variant = variant;
        }

        double perBatch(double total) {
            return total / Math.max(1, batches);
        }

        double eventsPerSecond() {
            return batches == 0 ? 0 : events / (wall / 1000.0);
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |",
                    variant, perBatch(lock), perBatch(select), perBatch(encode), perBatch(send), perBatch(flushAcks),
                    perBatch(mark), perBatch(commit), perBatch(wall), Report.number(eventsPerSecond()));
        }

        /** Mean of the first and the last tenth of the batches: does a phase get slower as the table churns? */
        static String trend(List<Double> values) {
            if (values.size() < 2) {
                return "n/a";
            }
            int tenth = Math.max(1, values.size() / 10);
            double first = values.subList(0, tenth).stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double last = values.subList(values.size() - tenth, values.size()).stream().mapToDouble(Double::doubleValue)
                    .average().orElse(0);
            return String.format(Locale.ROOT, "%.1f ms → %.1f ms", first, last);
        }
    }

    private final EventCodec codec = EventCodec.standard();
    private final String bootstrap;

    RelayProfile(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Publishes everything unpublished in {@code pool}'s database to {@code topic}, batch by batch, timing phases. */
    Phases run(Variant variant, Pool pool, String topic) {
        Phases phases = new Phases(variant.name());
        try (KafkaProducer<String, byte[]> producer = producer(variant.producerBatchBytes())) {
            while (true) {
                long start = System.nanoTime();
                SqlConnection connection = pool.getConnection().await().atMost(TIMEOUT);
                try {
                    Transaction tx = connection.begin().await().atMost(TIMEOUT);
                    connection.preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                            .await().atMost(TIMEOUT);
                    long locked = System.nanoTime();
                    List<Row> rows = new ArrayList<>();
                    String select = variant.mark() == Mark.UPDATE_EVENT_LOG
                            ? SELECT_STORED + " WHERE NOT published ORDER BY seq LIMIT $1"
                            : SELECT_STORED.replace("FROM event_log", "FROM outbox JOIN event_log USING (seq)")
                                    + " ORDER BY seq LIMIT $1";
                    connection.preparedQuery(select).execute(Tuple.of(variant.batchSize())).await().atMost(TIMEOUT)
                            .forEach(rows::add);
                    long selected = System.nanoTime();
                    if (rows.isEmpty()) {
                        tx.rollback().await().atMost(TIMEOUT);
                        break;
                    }
                    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        records.add(record(topic, row));
                    }
                    long encoded = System.nanoTime();
                    List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
                    AtomicReference<Exception> refused = new AtomicReference<>();
                    for (ProducerRecord<String, byte[]> record : records) {
                        if (refused.get() != null) {
                            throw new IllegalStateException("Kafka refused a record", refused.get());
                        }
                        // as OutboxRelay.send: a callback that notices a refusal (it stops the relay's producer)
                        futures.add(producer.send(record, (metadata, e) -> {
                            if (e != null) {
                                refused.compareAndSet(null, e);
                            }
                        }));
                    }
                    long sent = System.nanoTime();
                    producer.flush();
                    List<Long> acknowledged = new ArrayList<>(rows.size());
                    for (int i = 0; i < rows.size(); i++) {
                        futures.get(i).get(60, TimeUnit.SECONDS);
                        acknowledged.add(rows.get(i).getLong("seq"));
                    }
                    long acked = System.nanoTime();
                    String mark = variant.mark() == Mark.UPDATE_EVENT_LOG
                            ? "UPDATE event_log SET published = TRUE WHERE seq = ANY($1)"
                            : "DELETE FROM outbox WHERE seq = ANY($1)";
                    connection.preparedQuery(mark).execute(Tuple.of(acknowledged.toArray(new Long[0])))
                            .await().atMost(TIMEOUT);
                    long marked = System.nanoTime();
                    tx.commit().await().atMost(TIMEOUT);
                    long committed = System.nanoTime();
                    if (phases.published == 0) {
                        phases.published += acknowledged.size();
                        continue;
                    }
                    phases.published += acknowledged.size();
                    phases.batches++;
                    phases.events += acknowledged.size();
                    phases.lock += ms(locked - start);
                    phases.select += ms(selected - locked);
                    phases.encode += ms(encoded - selected);
                    phases.send += ms(sent - encoded);
                    phases.flushAcks += ms(acked - sent);
                    phases.mark += ms(marked - acked);
                    phases.commit += ms(committed - marked);
                    phases.wall += ms(committed - start);
                    phases.selectPerBatch.add(ms(selected - locked));
                    phases.markPerBatch.add(ms(marked - acked));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (Exception e) {
                    throw new IllegalStateException("profile " + variant.name() + " failed: " + e, e);
                } finally {
                    connection.close().await().atMost(TIMEOUT);
                }
            }
        }
        return phases;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** As OutboxRelay.record. */
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

    /** As OutboxRelay.producer, optionally with another batch.size. */
    private KafkaProducer<String, byte[]> producer(Integer batchBytes) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-profile");
        if (batchBytes != null) {
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
        }
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
