package io.iamsuite.eventstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "iam")
public interface EventStoreConfig {

    Kafka kafka();

    Relay relay();

    interface Kafka {
        /** Prefix of every topic name: {@code <namespace>.<service>.events.v1}. */
        @WithDefault("iam")
        String namespace();

        /** Partitions of a topic the relay creates; per-workspace order holds for any number. */
        @WithDefault("3")
        int partitions();

        /** Replication factor of a topic the relay creates. */
        @WithDefault("1")
        short replicationFactor();
    }

    interface Relay {
        /** Whether this process publishes its committed events to Kafka. */
        @WithDefault("true")
        boolean enabled();

        /** Most events read and published per round trip. */
        @WithDefault("1000")
        int batchSize();

        /** How often the relay looks for events committed by other processes of the same service. */
        @WithDefault("200ms")
        Duration pollInterval();

        /** Pause after a failure (broker or database unavailable) before retrying. */
        @WithDefault("500ms")
        Duration retryBackoff();
    }
}
