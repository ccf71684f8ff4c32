package io.iamsuite.policy.config;

import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Projection;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** The projection and its evaluator as beans (the domain classes stay framework-free). */
public class ProjectionProducer {
    @Produces
    @Singleton
    Projection projection() {
        return new Projection();
    }

    @Produces
    @Singleton
    Evaluator evaluator(Projection projection) {
        return new Evaluator(projection);
    }
}
