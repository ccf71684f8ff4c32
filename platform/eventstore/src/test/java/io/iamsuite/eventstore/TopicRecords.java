package io.iamsuite.eventstore;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.awaitility.Awaitility.await;

/** Reads a whole topic from the beginning with its own consumer (no group), partition by partition, in order. */
final class TopicRecords {
    private TopicRecords() {
    }

    /**
     * Every record of {@code topic} up to the end offsets seen when called, in partition order (partition 0 first,
     * then 1, ...), each partition in offset order. Waits up to {@code timeout} for the topic to exist.
     */
    static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = new ArrayList<>();
            await("topic " + topic + " to exist").atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> {
                        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                        partitions.clear();
                        infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                        return !partitions.isEmpty();
                    });
            partitions.sort(Comparator.comparingInt(TopicPartition::partition));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> read = new java.util.HashMap<>();
            partitions.forEach(p -> read.put(p, new ArrayList<>()));
            await("all records of " + topic + " up to " + end).atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).until(() -> {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                            read.get(new TopicPartition(record.topic(), record.partition())).add(record);
                        }
                        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    });
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                read.get(partition).stream().filter(r -> r.offset() < end.get(partition)).forEach(all::add);
            }
            return all;
        }
    }

    static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
