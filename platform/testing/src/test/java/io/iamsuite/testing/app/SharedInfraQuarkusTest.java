package io.iamsuite.testing.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.iamsuite.testing.Waits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
@WithTestResource(IamInfraResource.class)
class SharedInfraQuarkusTest {

    @InjectInfra
    InfraInfo infra;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PgPool reactive;

    @Inject
    PingService pingService;

    @ConfigProperty(name = "iam.kafka.namespace")
    String namespace;

    @Test
    void theApplicationUsesTheRealBrokerAndItsOwnDatabase() throws Exception {
        System.out.printf("[iam-testing] class loaders: test=%s resource-visible=%s system=%s%n",
                getClass().getClassLoader(), InfraInfo.class.getClassLoader(), ClassLoader.getSystemClassLoader());
        assertNotNull(infra, "@InjectInfra InfraInfo is injected");
        assertEquals(IamInfraResource.current(), infra);
        assertEquals(infra.namespace(), namespace);

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            ResultSet rs = statement.executeQuery("select current_database()");
            rs.next();
            assertEquals(infra.database(), rs.getString(1), "JDBC goes to the fresh database");
        }
        Row row = reactive.query("select current_database() as db").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next();
        assertEquals(infra.database(), row.getString("db"), "the reactive client goes there too");

        pingService.ping("hello");
        Waits.until("the application to read its own ping back", Duration.ofSeconds(30),
                () -> pingService.received().contains("hello"));
        List<String> onTopic = io.iamsuite.testing.KafkaTestClients.readFromBeginning(infra.kafkaBootstrap(),
                infra.eventsTopic("testing"), 1);
        assertEquals(List.of("hello"), onTopic, "the ping is on <namespace>.testing.events.v1 of the real broker");
    }
}
