package io.iamsuite.token.api;

import io.iamsuite.testing.AuthGuardSweep;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization table of every token-service operation, generated from the code. Only owners manage tokens
 * (no other role confers workspace.tokens.*), so the granted-member column is empty here.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class AuthTableTest {
    @InjectInfra
    InfraInfo infra;

    @TestHTTPResource("/")
    URI base;

    @Test
    void every_operation_answers_strangers_and_the_unauthorized_as_the_table_says() {
        var operations = AuthGuardSweep.operations(TokenResource.class);
        assertThat(operations).as("operations found in the code").hasSizeGreaterThan(8);

        var failures = new AuthGuardSweep(infra, base, "ws_" + UUID.randomUUID().toString().substring(0, 8),
                "ws_" + UUID.randomUUID().toString().substring(0, 8), action -> Optional.empty()).run(operations);

        assertThat(failures).as("cells of the authorization table that did not hold").isEmpty();
    }
}
