package io.iamsuite.identity.api;

import io.iamsuite.testing.AuthGuardSweep;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization table of every identity-service operation, generated from the code (see
 * {@link AuthGuardSweep}): a new endpoint without a guard, or one that answers a stranger, fails the build.
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
        String ws = Workspaces.newId();
        String other = Workspaces.newId();
        Workspaces.announce(infra, ws);
        Workspaces.announce(infra, other);
        var operations = AuthGuardSweep.operations(UserResource.class);
        assertThat(operations).as("operations found in the code").hasSizeGreaterThan(20);

        var failures = new AuthGuardSweep(infra, base, ws, other, AuthGuardSweep::workspaceGrant).run(operations);

        assertThat(failures).as("cells of the authorization table that did not hold").isEmpty();
    }
}
