package io.iamsuite.messaging;

import io.iamsuite.events.EventSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The suite's topics. Event topics keep everything ({@code retention.ms=-1}): the log is the audit record
 * and the source of every replay. Whoever needs a topic first (a relay publishing, the policy projection
 * subscribing) creates it with the same settings.
 */
public final class KafkaTopics {
    private KafkaTopics() {
    }

    public static String events(String namespace, EventSource source) {
        return source.topic(namespace);
    }

    public static List<String> allEvents(String namespace) {
        List<String> topics = new ArrayList<>();
        for (EventSource source : EventSource.values()) {
            topics.add(source.topic(namespace));
        }
        return topics;
    }

    public static String accessChanges(String namespace) {
        return namespace + ".access-changes.v1";
    }

    public static String deadLetters(String namespace) {
        return namespace + ".policy.dead-letters.v1";
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public static void ensure(String bootstrapServers, Collection<String> topics, int partitions, short replication) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(props)) {
            for (String topic : topics) {
                NewTopic newTopic = new NewTopic(topic, partitions, replication)
                        .configs(Map.of("retention.ms", "-1", "cleanup.policy", "delete"));
                try {
                    admin.createTopics(List.of(newTopic)).all().get(20, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + topics, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topics + " on " + bootstrapServers, e);
        }
    }
}
