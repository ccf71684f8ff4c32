package io.iamsuite.policy.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.IamJson;
import io.iamsuite.messaging.KafkaTopics;
import io.iamsuite.policy.config.PolicyConfig;
import io.iamsuite.policy.domain.AppliedPositions;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.audit.AuditTrail;
import io.iamsuite.policy.domain.feed.AccessChange;
import io.iamsuite.policy.domain.feed.AccessDelta;
import io.iamsuite.policy.domain.feed.AccessDiff;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies each event to the projection through {@link AccessDiff}, records it in the {@link AuditTrail}, and
 * publishes the access it changed to {@code <ns>.access-changes.v1} (key = workspace; idempotent producer), in the
 * order the projection applied the events.
 *
 * <p><b>Restart without republishing.</b> The projection is rebuilt from the event topics on every start. Before
 * applying anything, this reads the feed topic for the last message of each workspace; its {@code positions} say
 * which events of the workspace were already published. Events of a workspace at or below them are applied
 * silently; events beyond them wait in a per-workspace buffer until the workspace has applied exactly those
 * positions (the three topics interleave differently on every run, and a diff is only right against the state the
 * subscribers hold), then flow as usual. If the last message was not the last chunk of its cause, that cause is
 * applied first and its remaining chunks published. Guarantee: at-least-once, in order per workspace; a message is
 * only repeated when the producer retried it, and {@code (cause.source, cause.position, chunk.index)} increases per
 * workspace and source, so subscribers can drop what they already applied.
 */
@ApplicationScoped
public class AccessFeedPublisher {
    private static final Logger LOG = Logger.getLogger(AccessFeedPublisher.class);

    private final Projection projection;
    private final AccessDiff diff;
    private final AuditTrail audit;
    private final PolicyConfig config;
    private final String bootstrapServers;
    private final ObjectMapper json = IamJson.mapper();
    private final AtomicLong published = new AtomicLong();
    private final Map<String, Resume> resuming = new HashMap<>();
    private final Map<String, Deque<EventEnvelope>> waiting = new HashMap<>();
    private KafkaProducer<String, byte[]> producer;
    private boolean restored;
    private CompletableFuture<FeedRead> resumeRead;
    private CompletableFuture<KafkaProducer<String, byte[]>> connecting;
    /** Where this start's resume read must begin (the installed snapshot's feed offsets; empty: the beginning). */
    private volatile Map<TopicPartition, Long> resumeFrom = Map.of();
    /** Where the resume read began and ended, per partition of the feed topic. */
    private Map<TopicPartition, Long> readFrom = Map.of();
    private Map<TopicPartition, Long> readEnd = Map.of();
    /** Per partition, the offset after the last message this process published (acknowledged). */
    private final Map<TopicPartition, Long> acked = new ConcurrentHashMap<>();

    /** Where a workspace's feed stopped: the positions published, and the chunk of the last cause if incomplete. */
    record Resume(AccessChangeMessage.Positions positions, EventSource causeSource, long causePosition, int nextChunk) {
    }

    /** A read of the feed topic: asked to start at {@code requested}, it read from {@code from} to {@code end}. */
    private record FeedRead(Map<TopicPartition, Long> requested, Map<String, AccessChangeMessage> last,
                            Map<TopicPartition, Long> from, Map<TopicPartition, Long> end, long messages) {
    }

    public AccessFeedPublisher(Projection projection, Evaluator evaluator, AuditTrail audit, PolicyConfig config,
                               @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
                               String bootstrapServers, MeterRegistry registry) {
        this.projection = projection;
        this.diff = new AccessDiff(projection, evaluator);
        this.audit = audit;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        registry.gauge("iam.feed.published_messages", published);
    }

    public String topic() {
        return KafkaTopics.accessChanges(config.kafka().namespace());
    }

    /**
     * Starts reading the feed topic for where each workspace stopped, on a thread of its own, so that it overlaps
     * the consumer's start (connecting, loading a snapshot); the first {@link #apply} waits for it. It reads from
     * {@code startingPoint} (the newest snapshot's feed offsets, known before the snapshot is installed; empty: the
     * beginning) — if another snapshot is installed, {@link #apply} reads again from that one's. Also connects the
     * producer, so the first message after a restart does not wait for it.
     */
    public synchronized void prefetch(CompletableFuture<Map<TopicPartition, Long>> startingPoint) {
        if (!config.feed().enabled() || restored || resumeRead != null) {
            return;
        }
        CompletableFuture<FeedRead> read = new CompletableFuture<>();
        CompletableFuture<KafkaProducer<String, byte[]>> connected = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                Map<TopicPartition, Long> from;
                try {
                    from = startingPoint.join();
                } catch (CompletionException e) {
                    from = Map.of();
                }
                read.complete(readLastMessages(from));
            } catch (RuntimeException e) {
                read.completeExceptionally(e);
            }
            try {
                KafkaProducer<String, byte[]> warm = newProducer();
                warm.partitionsFor(topic());
                connected.complete(warm);
            } catch (RuntimeException e) {
                connected.completeExceptionally(e);
            }
        }, "access-feed-resume");
        thread.setDaemon(true);
        thread.start();
        resumeRead = read;
        connecting = connected;
    }

    /**
     * Applies the event (unless a duplicate, or held back while the workspace's feed resumes).
     *
     * @return how many events this applied (0, 1, or more when it released held-back ones)
     */
    public int apply(EventEnvelope envelope) {
        if (config.feed().enabled() && !restored) {
            restore();
        }
        String workspaceId = envelope.workspaceId();
        Resume resume = resuming.get(workspaceId);
        if (resume == null) {
            return applyAndPublish(envelope, 0) ? 1 : 0;
        }
        if (envelope.position() > position(resume.positions(), envelope.source())) {
            waiting.computeIfAbsent(workspaceId, w -> new ArrayDeque<>()).add(envelope);
            return 0;
        }
        int applied = 0;
        if (projection.apply(envelope)) {
            audit.record(envelope);
            applied++;
        }
        if (reached(workspaceId, resume.positions())) {
            applied += release(workspaceId, resume);
        }
        return applied;
    }

    /** Whether events were consumed but held back (a workspace's feed is resuming): no snapshot may cover them. */
    public boolean holding() {
        return !waiting.isEmpty();
    }

    /**
     * Where the resume read of this start must begin: the feed offsets of the snapshot the projection was started from
     * (empty: none, read from the beginning). Called by the consumer before the first event is applied.
     */
    public void resumeFrom(Map<TopicPartition, Long> feedOffsets) {
        resumeFrom = Map.copyOf(feedOffsets);
    }

    /**
     * Where the next start's resume read may begin if the projection starts from the state applied now (called between
     * polls, the feed flushed, nothing held back; empty: from the beginning). Every message before these offsets is of
     * an event applied now, and no workspace still waits for its feed to catch up (else the read of this start begins
     * there again): the last message of a workspace before them is one the projection has reached, so a read from
     * here resumes every workspace exactly as a read of the whole topic would.
     */
    public Map<TopicPartition, Long> resumePoint() {
        if (!config.feed().enabled() || !restored) {
            return Map.of();
        }
        if (!resuming.isEmpty()) {
            return readFrom;
        }
        Map<TopicPartition, Long> point = new HashMap<>(readEnd);
        acked.forEach((partition, next) -> point.merge(partition, next, Math::max));
        return point;
    }

    /** Sends what is buffered in the producer; called after each poll. */
    public void flush() {
        if (producer != null) {
            producer.flush();
        }
    }

    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** At shutdown: also closes the producer {@link #prefetch} connected if it was never used. */
    public void shutdown() {
        CompletableFuture<KafkaProducer<String, byte[]>> pending;
        synchronized (this) {
            resumeRead = null;
            pending = connecting;
            connecting = null;
        }
        if (pending != null) {
            pending.thenAccept(unused -> unused.close(Duration.ZERO));
        }
        close();
    }

    private int release(String workspaceId, Resume resume) {
        resuming.remove(workspaceId);
        Deque<EventEnvelope> held = waiting.remove(workspaceId);
        int applied = 0;
        if (held == null) {
            return 0;
        }
        if (resume.causeSource() != null) {
            EventEnvelope cause = held.stream().filter(e -> e.source() == resume.causeSource()
                    && e.position() == resume.causePosition()).findFirst().orElse(null);
            if (cause != null) {
                held.remove(cause);
                applied += applyAndPublish(cause, resume.nextChunk()) ? 1 : 0;
            }
        }
        for (EventEnvelope envelope : held) {
            applied += applyAndPublish(envelope, 0) ? 1 : 0;
        }
        return applied;
    }

    private boolean applyAndPublish(EventEnvelope envelope, int firstChunk) {
        AccessDelta delta = diff.apply(envelope).orElse(null);
        if (delta == null) {
            return false;
        }
        audit.record(envelope);
        if (config.feed().enabled() && !delta.changes().isEmpty()) {
            publish(delta, firstChunk);
        }
        return true;
    }

    private void publish(AccessDelta delta, int firstChunk) {
        int size = config.feed().maxChangesPerMessage();
        List<AccessChange> changes = delta.changes();
        int count = (changes.size() + size - 1) / size;
        EventEnvelope cause = delta.cause();
        var causeView = new AccessChangeMessage.Cause(cause.eventId(), cause.eventType(), cause.source().id(),
                cause.position(), cause.occurredAt());
        var positions = new AccessChangeMessage.Positions(delta.positions().identity(), delta.positions().resource(),
                delta.positions().token());
        for (int index = firstChunk; index < count; index++) {
            List<AccessChangeMessage.Change> chunk = new ArrayList<>();
            for (AccessChange change : changes.subList(index * size, Math.min(changes.size(), (index + 1) * size))) {
                chunk.add(new AccessChangeMessage.Change(change.subject(), change.resource(),
                        List.copyOf(change.before()), List.copyOf(change.after())));
            }
            var message = new AccessChangeMessage(cause.workspaceId(), causeView, positions,
                    new AccessChangeMessage.Chunk(index, count), chunk);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic(), cause.workspaceId(), encode(message));
            record.headers().add(new RecordHeader("content-type", "application/json".getBytes(StandardCharsets.UTF_8)));
            record.headers().add(new RecordHeader("iam_cause_event_id",
                    cause.eventId().toString().getBytes(StandardCharsets.UTF_8)));
            producer().send(record, (metadata, error) -> {
                if (error != null) {
                    LOG.errorf("Access-change message of %s not published: %s", cause.eventId(), error.getMessage());
                } else {
                    acked.merge(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset() + 1,
                            Math::max);
                }
            });
            published.incrementAndGet();
        }
    }

    private byte[] encode(AccessChangeMessage message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an access-change message", e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = takeConnected();
        }
        if (producer == null) {
            producer = newProducer();
        }
        return producer;
    }

    /** The producer {@link #prefetch} connected (waiting for it rather than starting a second one), or null. */
    private KafkaProducer<String, byte[]> takeConnected() {
        CompletableFuture<KafkaProducer<String, byte[]>> pending;
        synchronized (this) {
            pending = connecting;
            connecting = null;
        }
        if (pending == null) {
            return null;
        }
        try {
            return pending.join();
        } catch (CompletionException e) {
            LOG.warnf("Connecting the access-change producer ahead failed (%s): connecting now",
                    e.getCause().getMessage());
            return null;
        }
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Properties props = ClientProperties.producer(bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "policy-access-feed");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    // ---- resuming after a restart ----

    /**
     * Once, before the first event is applied (the projection holds the snapshot, if any): where every workspace's
     * feed stopped, from the read {@link #prefetch} started (or a read now).
     */
    private void restore() {
        CompletableFuture<FeedRead> pending;
        synchronized (this) {
            pending = resumeRead;
            resumeRead = null;
        }
        Map<TopicPartition, Long> from = resumeFrom;
        FeedRead read = null;
        if (pending != null) {
            try {
                read = pending.join();
            } catch (CompletionException e) {
                // the consumer restarts, and this reads again
                throw new IllegalStateException("cannot read the access-change feed to resume it: "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
        if (read == null || !read.requested().equals(from)) {
            // not read ahead, or from the newest snapshot's offsets while an older snapshot (or none) was installed
            read = readLastMessages(from);
        }
        readFrom = read.from();
        readEnd = read.end();
        resume(read.last(), read.messages(), !from.isEmpty());
    }

    /** Reads where every workspace's feed stopped, as the first {@link #apply} does (for tests). */
    void restoreNow() {
        restore();
    }

    /** The workspaces whose feed resumes, and where (for tests). */
    Map<String, Resume> resuming() {
        return Map.copyOf(resuming);
    }

    /**
     * Reads the feed topic once, from the offsets given (the beginning of a partition not given) to its end, each
     * message's head only ({@link AccessChangeMessage#head}).
     */
    private FeedRead readLastMessages(Map<TopicPartition, Long> requested) {
        Properties props = ClientProperties.consumer(bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "policy-access-feed-restore");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<String, AccessChangeMessage> last = new HashMap<>();
        long messages = 0;
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = TopicPartitions.of(consumer, List.of(topic()), bootstrapServers,
                    config.kafka());
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> from = new HashMap<>();
            for (TopicPartition partition : partitions) {
                Long offset = requested.get(partition);
                long first = begin.get(partition);
                // beyond the end: the topic was recreated since, read all of it
                long start = offset == null || offset > end.get(partition) ? first : Math.max(offset, first);
                consumer.seek(partition, start);
                from.put(partition, start);
            }
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    messages++;
                    try {
                        AccessChangeMessage message = AccessChangeMessage.head(json, record.value());
                        last.put(message.workspaceId(), message);
                    } catch (IOException e) {
                        LOG.warnf("Unreadable access-change message at %s-%d@%d ignored: %s", record.topic(),
                                record.partition(), record.offset(), e.getMessage());
                    }
                }
            }
            return new FeedRead(requested, last, Map.copyOf(from), Map.copyOf(end), messages);
        }
    }

    private void resume(Map<String, AccessChangeMessage> last, long messages, boolean fromSnapshot) {
        last.forEach((workspaceId, message) -> {
            AccessChangeMessage.Positions positions = message.positions();
            Resume resume;
            if (message.chunk().index() + 1 < message.chunk().count()) {
                EventSource source = EventSource.fromId(message.cause().source());
                resume = new Resume(before(positions, source), source, message.cause().position(), message.chunk().index() + 1);
            } else {
                resume = new Resume(positions, null, 0, 0);
            }
            if (!reached(workspaceId, resume.positions())) {
                resuming.put(workspaceId, resume);
            }
        });
        restored = true;
        LOG.infof("Access-change feed resumes after the last message of %d workspaces (%,d messages read, from %s)",
                last.size(), messages, fromSnapshot ? "the snapshot's feed offsets" : "the beginning");
    }

    private boolean reached(String workspaceId, AccessChangeMessage.Positions target) {
        AppliedPositions applied = projection.applied();
        return applied.get(EventSource.IDENTITY, workspaceId) >= target.identity()
                && applied.get(EventSource.RESOURCE, workspaceId) >= target.resource()
                && applied.get(EventSource.TOKEN, workspaceId) >= target.token();
    }

    private static long position(AccessChangeMessage.Positions positions, EventSource source) {
        switch (source) {
            case IDENTITY:
                return positions.identity();
            case RESOURCE:
                return positions.resource();
            default:
                return positions.token();
        }
    }

    private static AccessChangeMessage.Positions before(AccessChangeMessage.Positions positions, EventSource cause) {
        return new AccessChangeMessage.Positions(
                positions.identity() - (cause == EventSource.IDENTITY ? 1 : 0),
                positions.resource() - (cause == EventSource.RESOURCE ? 1 : 0),
                positions.token() - (cause == EventSource.TOKEN ? 1 : 0));
    }
}
