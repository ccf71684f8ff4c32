package io.iamsuite.eventstore;

import io.iamsuite.messaging.KafkaSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "iam")
public interface EventStoreConfig {

    KafkaSettings kafka();

    Relay relay();

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
