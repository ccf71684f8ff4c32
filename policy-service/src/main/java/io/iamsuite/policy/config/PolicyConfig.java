package io.iamsuite.policy.config;

import io.iamsuite.messaging.KafkaSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "iam")
public interface PolicyConfig {

    KafkaSettings kafka();

    Consistency consistency();

    interface Consistency {
        /** How long a read asking {@code atLeastAsFresh} or {@code fullyConsistent} waits before answering 503. */
        @WithDefault("5s")
        Duration maxWait();
    }
}
