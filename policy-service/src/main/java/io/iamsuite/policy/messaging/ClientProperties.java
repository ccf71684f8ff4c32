package io.iamsuite.policy.messaging;

import io.iamsuite.messaging.KafkaTopics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.Properties;

/** What every Kafka client of this service is created with. */
final class ClientProperties {
    private ClientProperties() {
    }

    /**
     * A consumer that never commits and never creates a topic by asking for it (the broker would give it its defaults,
     * not the settings of {@link KafkaTopics#ensure}).
     */
    static Properties consumer(String bootstrapServers) {
        Properties props = common(bootstrapServers);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    static Properties producer(String bootstrapServers) {
        return common(bootstrapServers);
    }

    static Properties admin(String bootstrapServers) {
        return common(bootstrapServers);
    }

    /**
     * No JMX metrics reporter (Kafka's default): nothing reads the clients' MBeans, and registering a few hundred of
     * them per client, under one lock shared by all clients, was a good part of connecting at start.
     */
    private static Properties common(String bootstrapServers) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
        return props;
    }
}
