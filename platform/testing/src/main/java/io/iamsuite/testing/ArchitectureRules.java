package io.iamsuite.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering every service keeps, checked by one call from each service's tests. */
public final class ArchitectureRules {
    private ArchitectureRules() {
    }

    /**
     * The domain of the service under {@code basePackage} is pure: decide and evolve know no framework, no
     * database, no broker, and nothing of the service's outer rooms (api, store, messaging, config).
     */
    public static void assertDomainIsPure(String basePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "io.quarkus..", "io.smallrye..",
                        "org.hibernate..", "io.vertx..", "org.apache.kafka..", "io.iamsuite.eventstore..",
                        "io.iamsuite.rest..", "com.fasterxml..")
                .because("domain logic must stay testable without containers and free of infrastructure")
                .check(classes);
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..api..", "..store..", "..messaging..", "..config..")
                .check(classes);
    }
}
