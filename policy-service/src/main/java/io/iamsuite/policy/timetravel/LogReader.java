package io.iamsuite.policy.timetravel;

import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.UnreadableEventException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Reads the event topics from the beginning, without a consumer group, as the live projection consumer does:
 * every partition assigned, read_committed. Records it cannot decode are skipped here (the live consumer
 * dead-letters them). Used for as-of projections and for rebuilding the live projection.
 */
public final class LogReader implements AutoCloseable {
    private final EventCodec codec = EventCodec.standard();
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<TopicPartition, Long> beginning;

    public LogReader(String bootstrapServers, List<String> topics, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            beginning = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(2));
            throw e;
        }
    }

    /** The end of every partition now (the next offset to be written). */
    public Map<TopicPartition, Long> endOffsets() {
        return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    }

    /** Records between the beginning and {@code target}, over every partition. */
    public long recordsUpTo(Map<TopicPartition, Long> target) {
        long total = 0;
        for (TopicPartition partition : partitions) {
            total += Math.max(0, target.getOrDefault(partition, 0L) - beginning.getOrDefault(partition, 0L));
        }
        return total;
    }

    /** The next offset to read per partition. */
    public Map<TopicPartition, Long> positions() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            positions.put(partition, consumer.position(partition));
        }
        return positions;
    }

    public boolean reached(Map<TopicPartition, Long> target) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < target.getOrDefault(partition, 0L)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads until every partition is at or past {@code target}, handing each decoded event of the key (every key if
     * null) to {@code sink}, which answers whether it applied it.
     */
    public void readUntil(Map<TopicPartition, Long> target, String key, Predicate<EventEnvelope> sink,
                          ReplayProgress progress) {
        read(target, key, sink, progress, false);
    }

    /**
     * Reads every partition up to {@code target} and not one record beyond (those polled past it are left for later:
     * the partition is sought back to the target); a partition already past the target stays where it was.
     */
    public void readExactly(Map<TopicPartition, Long> target, Predicate<EventEnvelope> sink, ReplayProgress progress) {
        read(target, null, sink, progress, true);
    }

    private void read(Map<TopicPartition, Long> target, String key, Predicate<EventEnvelope> sink,
                      ReplayProgress progress, boolean exact) {
        while (!reached(target)) {
            Map<TopicPartition, Long> seekBack = new HashMap<>();
            Map<TopicPartition, Long> before = exact ? positions() : Map.of();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                long limit = target.getOrDefault(partition, 0L);
                if (exact && (record.offset() >= limit || seekBack.containsKey(partition))) {
                    // back to the target, or, for a partition that was past it already, to where it was
                    seekBack.putIfAbsent(partition, Math.max(limit, before.getOrDefault(partition, 0L)));
                    continue;
                }
                boolean applied = false;
                if (key == null || record.key() == null || key.equals(record.key())) {
                    try {
                        applied = sink.test(codec.decode(record.value()));
                    } catch (UnreadableEventException unreadable) {
                        // dead-lettered by the live consumer; nothing to fold
                    }
                }
                progress.record(applied);
            }
            seekBack.forEach(consumer::seek);
            progress.tick();
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("replay interrupted");
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
