package io.iamsuite.policy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "iam")
public interface PolicyConfig {

    Kafka kafka();

    Consistency consistency();

    interface Kafka {
        /** Prefix of every topic name: {@code <namespace>.<service>.events.v1}. */
        @WithDefault("iam")
        String namespace();

        /** Partitions of a topic this service creates when it is missing. */
        @WithDefault("3")
        int partitions();

        /** Replication factor of a topic this service creates. */
        @WithDefault("1")
        short replicationFactor();
    }

    interface Consistency {
        /** How long a read asking {@code atLeastAsFresh} or {@code fullyConsistent} waits before answering 503. */
        @WithDefault("5s")
        Duration maxWait();
    }
}
