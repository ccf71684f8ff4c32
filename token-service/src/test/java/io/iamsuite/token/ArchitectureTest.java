package io.iamsuite.token;

import io.iamsuite.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void the_domain_is_pure() {
        ArchitectureRules.assertDomainIsPure("io.iamsuite.token");
    }
}
