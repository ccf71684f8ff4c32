package io.iamsuite.messaging;

import io.smallrye.config.WithDefault;

/** The Kafka settings every service shares, under {@code iam.kafka}. */
public interface KafkaSettings {
    /** Prefix of every topic name: {@code <namespace>.<service>.events.v1}. */
    @WithDefault("iam")
    String namespace();

    /** Partitions of a topic this service creates when it is missing; per-workspace order holds for any number. */
    @WithDefault("3")
    int partitions();

    /** Replication factor of a topic this service creates. */
    @WithDefault("1")
    short replicationFactor();
}
