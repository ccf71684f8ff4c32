package io.iamsuite.policy.messaging;

import io.iamsuite.messaging.KafkaSettings;
import io.iamsuite.messaging.KafkaTopics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The partitions of topics this service reads, creating the topics that are missing. On a restart they all exist:
 * one metadata request per topic through the consumer at hand, and no admin client (whose start-up is most of the
 * cost of {@link KafkaTopics#ensure}).
 */
final class TopicPartitions {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicPartitions() {
    }

    /** Every partition of the topics, in topic order; missing topics are created first. */
    static List<TopicPartition> of(Consumer<?, ?> consumer, List<String> topics, String bootstrapServers,
                                   KafkaSettings kafka) {
        List<String> missing = new ArrayList<>();
        for (String topic : topics) {
            if (infos(consumer, topic).isEmpty()) {
                missing.add(topic);
            }
        }
        if (!missing.isEmpty()) {
            KafkaTopics.ensure(bootstrapServers, missing, kafka.partitions(), kafka.replicationFactor());
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = missing.contains(topic) ? created(consumer, topic) : infos(consumer, topic);
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    private static List<PartitionInfo> infos(Consumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        return infos == null ? List.of() : infos;
    }

    /** A topic just created may take a moment to appear in the broker's metadata. */
    private static List<PartitionInfo> created(Consumer<?, ?> consumer, String topic) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<PartitionInfo> infos = infos(consumer, topic);
            if (!infos.isEmpty()) {
                return infos;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " was created but has no partitions after " + TIMEOUT);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
            }
        }
    }
}
