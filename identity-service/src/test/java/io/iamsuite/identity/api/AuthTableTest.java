package io.iamsuite.identity.api;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.catalogue.RoleKind;
import io.iamsuite.catalogue.Scope;
import io.iamsuite.events.Grant;
import io.iamsuite.events.ResourceRef;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization table of every identity-service operation, generated from the code (see
 * {@link AuthGuardSweep}): a new endpoint without a guard, or one that answers a stranger, fails the build.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class AuthTableTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();

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

        var failures = new AuthGuardSweep(infra, base, ws, other, AuthTableTest::workspaceGrantFor).run(operations);

        assertThat(failures).as("cells of the authorization table that did not hold").isEmpty();
    }

    /** A grant of a non-owner role that confers {@code action} on the whole workspace, if the catalogue has one. */
    static Optional<Grant> workspaceGrantFor(String action) {
        var type = CATALOGUE.action(action).orElseThrow().type();
        return CATALOGUE.roles().stream()
                .filter(role -> role.kind() != RoleKind.OWNER)
                .filter(role -> CATALOGUE.confers(role.id(), action, type, Scope.WORKSPACE))
                .findFirst()
                .map(role -> Grant.on(role.id(), ResourceRef.workspace("ws")));
    }
}
