package io.iamsuite.policy.api;

import io.iamsuite.testing.AuthGuardSweep;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The authorization table of every policy-service operation, generated from the code. */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class AuthTableTest {
    @InjectInfra
    InfraInfo infra;

    @TestHTTPResource("/")
    URI base;

    @Test
    void every_operation_answers_strangers_and_the_unauthorized_as_the_table_says() {
        var operations = AuthGuardSweep.operations(CheckResource.class);
        assertThat(operations).as("operations found in the code").isNotEmpty();

        var failures = new AuthGuardSweep(infra, base, "ws_" + UUID.randomUUID().toString().substring(0, 8),
                "ws_" + UUID.randomUUID().toString().substring(0, 8), AuthGuardSweep::workspaceGrant).run(operations);

        assertThat(failures).as("cells of the authorization table that did not hold").isEmpty();
    }
}
