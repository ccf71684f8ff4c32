package io.iamsuite.resource;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The domain is pure: decide and evolve know no framework, no database, no broker. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.iamsuite.resource");

    @Test
    void the_domain_has_no_framework_imports() {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "io.quarkus..", "io.smallrye..",
                        "org.hibernate..", "io.vertx..", "org.apache.kafka..", "io.iamsuite.eventstore..",
                        "io.iamsuite.rest..", "com.fasterxml..")
                .because("domain logic must stay testable without containers and free of infrastructure")
                .check(CLASSES);
    }

    @Test
    void the_domain_does_not_reach_outward() {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..api..", "..store..", "..messaging..", "..config..")
                .check(CLASSES);
    }
}
