package io.iamsuite.policy.config;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Lookups;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.audit.AuditTrail;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** The projection, its evaluator and lookups as beans (the domain classes stay framework-free). */
public class ProjectionProducer {
    @Produces
    @Singleton
    Projection projection() {
        return new Projection();
    }

    @Produces
    @Singleton
    Evaluator evaluator(Projection projection, RoleCatalogue catalogue) {
        return new Evaluator(projection, catalogue);
    }

    @Produces
    @Singleton
    AuditTrail auditTrail(PolicyConfig config) {
        return new AuditTrail(config.audit().maxPerWorkspace());
    }

    @Produces
    @Singleton
    Lookups lookups(Projection projection, Evaluator evaluator) {
        return new Lookups(projection, evaluator);
    }
}
