package io.iamsuite.policy.messaging;

import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.UnreadableEventException;
import io.iamsuite.messaging.KafkaTopics;
import io.iamsuite.policy.admin.ProjectionSwap;
import io.iamsuite.policy.config.PolicyConfig;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.snapshot.Snapshots;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the three event topics from the beginning into the projection, on one thread. Every instance
 * reads everything (no consumer group): each is a full replica. Ready once it has applied what the topics
 * held when it started. A record it cannot read goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class ProjectionConsumer {
    private static final Logger LOG = Logger.getLogger(ProjectionConsumer.class);

    private final Projection projection;
    private final ConsistencyGate gate;
    private final AccessFeedPublisher feed;
    private final PolicyConfig config;
    private final Snapshots snapshots;
    private final String bootstrapServers;
    private final EventCodec codec = EventCodec.standard();
    private final Map<TopicPartition, Long> consumed = new ConcurrentHashMap<>();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong appliedEvents = new AtomicLong();
    private volatile Map<TopicPartition, Long> startupEnd;
    private volatile boolean caughtUp;
    private boolean restoreTried;
    /** When the start's steps ended (System.nanoTime), for the caught-up log line. */
    private long startedNanos;
    private long connectedNanos;
    private long restoredNanos;
    private volatile boolean running;
    private volatile String lastError;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> deadLetterProducer;
    private Thread thread;
    /** Hands a rebuilt projection over between polls (POST /policy/v1/admin/rebuild). */
    @Inject
    ProjectionSwap swap;

    public ProjectionConsumer(Projection projection, ConsistencyGate gate, AccessFeedPublisher feed, PolicyConfig config,
                              Snapshots snapshots,
                              @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
                              String bootstrapServers, MeterRegistry registry) {
        this.projection = projection;
        this.gate = gate;
        this.feed = feed;
        this.config = config;
        this.snapshots = snapshots;
        this.bootstrapServers = bootstrapServers;
        registry.gauge("iam.projection.dead_letters", deadLetters);
        registry.gauge("iam.projection.applied_events", appliedEvents);
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        startedNanos = System.nanoTime();
        // A start is the time to readiness: the newest snapshot and the access-change feed's resume point are read
        // on threads of their own while this one connects to the event topics.
        snapshots.prefetch();
        feed.prefetch(snapshots.newestFeedOffsets());
        thread = new Thread(this::run, "projection-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    public String lastError() {
        return lastError;
    }

    /** Offsets consumed so far (the next offset to read) per partition. */
    public Map<TopicPartition, Long> consumed() {
        return consumed;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public List<String> topics() {
        return KafkaTopics.allEvents(config.kafka().namespace());
    }

    private void run() {
        while (running) {
            try {
                connectAndConsume();
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.warnf("Projection consumer failed, restarting from where it was: %s", lastError);
                closeQuietly();
                pause(Duration.ofSeconds(1));
            }
        }
        closeQuietly();
        feed.shutdown();
    }

    private void connectAndConsume() {
        Properties props = ClientProperties.consumer(bootstrapServers);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "policy-projection");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = TopicPartitions.of(consumer, topics(), bootstrapServers, config.kafka());
        consumer.assign(partitions);
        if (startupEnd == null) {
            startupEnd = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            connectedNanos = System.nanoTime();
        }
        if (!restoreTried) {
            // Once, before anything is applied: the newest usable snapshot, then only the records after it.
            restoreTried = true;
            snapshots.restore(partitions, startupEnd).ifPresent(consumed::putAll);
            feed.resumeFrom(snapshots.restoredFeedOffsets());
            restoredNanos = System.nanoTime();
        }
        for (TopicPartition partition : partitions) {
            Long next = consumed.get(partition);
            if (next != null) {
                consumer.seek(partition, next);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
        lastError = null;
        while (running) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, byte[]> record : records) {
                applyOne(record);
                consumed.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            if (!caughtUp) {
                caughtUp = startupEnd.entrySet().stream()
                        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
                if (caughtUp) {
                    long now = System.nanoTime();
                    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
                    LOG.infof("Projection caught up: %d events applied, %d dead letters; %d ms after the JVM started "
                                    + "(application start %d ms, then topics and end offsets %d ms, snapshot %d ms, "
                                    + "records %d ms)", appliedEvents.get(), deadLetters.get(), uptime,
                            uptime - (now - startedNanos) / 1_000_000, (connectedNanos - startedNanos) / 1_000_000,
                            (restoredNanos - connectedNanos) / 1_000_000, (now - restoredNanos) / 1_000_000);
                }
            }
            for (TopicPartition partition : partitions) {
                consumed.put(partition, consumer.position(partition));
            }
            feed.flush();
            gate.onApplied();
            swap.atBatchEnd(consumed);
            if (caughtUp && !feed.holding()) {
                // Between polls, every published message acknowledged: the projection holds exactly the records
                // before these offsets (none held back by a resuming feed).
                snapshots.maybeTake(positions(partitions), appliedEvents.get(), feed::resumePoint);
            }
        }
    }

    private Map<TopicPartition, Long> positions(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new java.util.HashMap<>();
        for (TopicPartition partition : partitions) {
            positions.put(partition, consumed.get(partition));
        }
        return positions;
    }

    private void applyOne(ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope;
        try {
            envelope = codec.decode(record.value());
        } catch (UnreadableEventException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        // The feed applies the event to the projection, records its audit entry and publishes the access it changed.
        appliedEvents.addAndGet(feed.apply(envelope));
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        deadLetters.incrementAndGet();
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        if (deadLetterProducer == null) {
            Properties props = ClientProperties.producer(bootstrapServers);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            deadLetterProducer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
            KafkaTopics.ensure(bootstrapServers, List.of(KafkaTopics.deadLetters(config.kafka().namespace())),
                    1, config.kafka().replicationFactor());
        }
        var dead = new ProducerRecord<>(KafkaTopics.deadLetters(config.kafka().namespace()), record.key(), record.value());
        dead.headers().add(new RecordHeader("iam_dlq_reason", reason.getBytes(StandardCharsets.UTF_8)));
        dead.headers().add(new RecordHeader("iam_dlq_origin",
                (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8)));
        deadLetterProducer.send(dead);
    }

    private void closeQuietly() {
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException ignored) {
                // already broken
            }
            consumer = null;
        }
        if (deadLetterProducer != null) {
            deadLetterProducer.close(Duration.ofSeconds(2));
            deadLetterProducer = null;
        }
        feed.close();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
