package io.iamsuite.testing;

import static io.iamsuite.testing.KafkaTestClients.partitionCount;
import static io.iamsuite.testing.KafkaTestClients.produce;
import static io.iamsuite.testing.KafkaTestClients.readAsGroup;
import static io.iamsuite.testing.KafkaTestClients.readFromBeginning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

    @Test
    void keepsRecordsAndCommittedOffsetsAcrossARestartOnTheSamePort() throws Exception {
        Path dataDirectory;
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()) {
            long began = System.nanoTime();
            broker.start();
            long startMillis = (System.nanoTime() - began) / 1_000_000;
            String bootstrap = broker.bootstrapServers();
            dataDirectory = broker.dataDirectory();

            broker.createTopic("orders", 1);
            produce(bootstrap, "orders", "w1", "before-restart");
            assertEquals(List.of("before-restart"), readAsGroup(bootstrap, "orders", "relay", 1));

            began = System.nanoTime();
            broker.restart();
            long restartMillis = (System.nanoTime() - began) / 1_000_000;
            assertEquals(bootstrap, broker.bootstrapServers(), "same port after restart");
            assertTrue(broker.isRunning());

            produce(bootstrap, "orders", "w1", "after-restart");
            assertEquals(List.of("before-restart", "after-restart"), readFromBeginning(bootstrap, "orders", 2));
            assertEquals(List.of("after-restart"), readAsGroup(bootstrap, "orders", "relay", 1),
                    "the group's committed offset survived the restart");

            produce(bootstrap, "auto-created", "w1", "x");
            assertEquals(3, partitionCount(bootstrap, "auto-created"), "auto-created topics get num.partitions=3");

            System.out.printf("[iam-testing] embedded Kafka: first start %d ms, restart (stop+start) %d ms%n",
                    startMillis, restartMillis);
        }
        assertFalse(Files.exists(dataDirectory), "close() deletes the temporary data directory");
    }

    @Test
    void refusesUseBeforeStartAndAfterClose() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker();
        assertThrows(IllegalStateException.class, broker::bootstrapServers);
        assertThrows(IllegalStateException.class, broker::restart);
        broker.close();
        assertThrows(IllegalStateException.class, broker::start);
    }

    @Test
    void recognisesPortCollisions() {
        assertTrue(KafkaBrokerEngine.isPortCollision(new RuntimeException("wrapper",
                new java.net.BindException("Address already in use"))));
        assertTrue(KafkaBrokerEngine.isPortCollision(new org.apache.kafka.common.KafkaException(
                "Socket server failed to bind to 127.0.0.1:9092: Address already in use.")));
        assertFalse(KafkaBrokerEngine.isPortCollision(new IllegalStateException("disk full")));
    }
}
