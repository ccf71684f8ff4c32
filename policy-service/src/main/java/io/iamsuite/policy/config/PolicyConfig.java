package io.iamsuite.policy.config;

import io.iamsuite.messaging.KafkaSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "iam")
public interface PolicyConfig {

    KafkaSettings kafka();

    Consistency consistency();

    Feed feed();

    Audit audit();

    Snapshot snapshot();

    interface Snapshot {
        /** Take snapshots and start from the newest readable one (false: always replay the whole log). */
        @WithDefault("true")
        boolean enabled();

        /** A snapshot at most this long after the last one, if anything was applied since. */
        @WithDefault("60s")
        Duration interval();

        /** ... or once this many events were applied since the last one, whichever comes first. */
        @WithDefault("100000")
        long everyEvents();

        /** Snapshots kept in the database (the newest). */
        @WithDefault("3")
        int keep();
    }

    interface Feed {
        /** Publish the access-change feed ({@code <ns>.access-changes.v1}); one replica of a deployment publishes. */
        @WithDefault("true")
        boolean enabled();

        /** Changes per Kafka message; an event changing more is split into chunks of this size. */
        @WithDefault("500")
        int maxChangesPerMessage();
    }

    interface Audit {
        /** Audit records kept in memory per workspace; the oldest go first (the event topics keep everything). */
        @WithDefault("100000")
        int maxPerWorkspace();
    }

    interface Consistency {
        /** How long a read asking {@code atLeastAsFresh} or {@code fullyConsistent} waits before answering 503. */
        @WithDefault("5s")
        Duration maxWait();
    }
}
