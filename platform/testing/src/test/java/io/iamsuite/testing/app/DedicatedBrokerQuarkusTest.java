package io.iamsuite.testing.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.iamsuite.testing.EmbeddedKafkaBroker;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.iamsuite.testing.Waits;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A second application (other resource args), with its own broker that the test restarts under it. */
@QuarkusTest
@WithTestResource(value = IamInfraResource.class,
        initArgs = @ResourceArg(name = IamInfraResource.ARG_KAFKA, value = IamInfraResource.DEDICATED))
class DedicatedBrokerQuarkusTest {

    @InjectInfra
    InfraInfo infra;

    @InjectInfra
    EmbeddedKafkaBroker broker;

    @Inject
    PingService pingService;

    @Test
    void theApplicationKeepsWorkingAcrossABrokerRestart() {
        assertNotNull(broker, "@InjectInfra EmbeddedKafkaBroker is injected");
        assertSame(IamInfraResource.dedicatedKafka(), broker);
        assertEquals(broker.bootstrapServers(), infra.kafkaBootstrap());

        pingService.ping("before-restart");
        Waits.until("the first ping", Duration.ofSeconds(30), () -> pingService.received().contains("before-restart"));

        long began = System.nanoTime();
        broker.restart();
        System.out.printf("[iam-testing] dedicated broker restarted under a running application in %d ms%n",
                (System.nanoTime() - began) / 1_000_000);

        pingService.ping("after-restart");
        Waits.until("the ping sent after the restart", Duration.ofSeconds(60),
                () -> pingService.received().contains("after-restart"));
    }
}
