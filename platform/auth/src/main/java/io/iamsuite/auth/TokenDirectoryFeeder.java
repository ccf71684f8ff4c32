package io.iamsuite.auth;

import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.UnreadableEventException;
import io.iamsuite.messaging.KafkaTopics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Keeps the {@link TokenDirectory} current: reads token-service's topic from the beginning on its own thread
 * (no consumer group: every instance holds every token). Ready once it has read what the topic held at start,
 * so a service never refuses a valid token because it has not read it yet. A revocation reaches every service
 * within one poll (≤ 200 ms after the relay published it; docs/services/token-service.md).
 */
@ApplicationScoped
@Readiness
public class TokenDirectoryFeeder implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(TokenDirectoryFeeder.class);

    private final TokenDirectory directory;
    private final String bootstrapServers;
    private final String namespace;
    private final EventCodec codec = EventCodec.standard();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private volatile Map<TopicPartition, Long> startupEnd;
    private volatile boolean caughtUp;
    private volatile boolean running;
    private volatile String lastError;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public TokenDirectoryFeeder(TokenDirectory directory,
                                @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
                                String bootstrapServers,
                                @ConfigProperty(name = "iam.kafka.namespace", defaultValue = "iam") String namespace) {
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.namespace = namespace;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "token-directory");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("token-directory").status(caughtUp)
                .withData("tokens", directory.size())
                .withData("lastError", lastError == null ? "" : lastError)
                .build();
    }

    private void run() {
        while (running) {
            try {
                consume();
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.warnf("Token directory feed failed, resuming: %s", lastError);
                close();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        close();
    }

    private void consume() {
        String topic = KafkaTopics.events(namespace, EventSource.TOKEN);
        KafkaTopics.ensure(bootstrapServers, List.of(topic), 3, (short) 1);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "token-directory");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long position = next.get(partition);
            if (position == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, position);
            }
        }
        if (startupEnd == null) {
            startupEnd = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        }
        lastError = null;
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    EventEnvelope envelope = codec.decode(record.value());
                    directory.apply(envelope);
                } catch (UnreadableEventException e) {
                    LOG.warnf("Skipping an unreadable token event at %s-%d@%d: %s", record.topic(),
                            record.partition(), record.offset(), e.getMessage());
                }
                next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            if (!caughtUp) {
                caughtUp = startupEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                if (caughtUp) {
                    LOG.infof("Token directory caught up: %d tokens", directory.size());
                }
            }
        }
    }

    private void close() {
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException ignored) {
                // already broken
            }
            consumer = null;
        }
    }
}
