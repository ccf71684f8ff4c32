package io.iamsuite.token.config;

import io.iamsuite.catalogue.RoleCatalogue;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one role catalogue (platform/catalogue's iam/roles.v1.json), loaded and validated once. */
public class CatalogueProducer {
    @Produces
    @Singleton
    RoleCatalogue catalogue() {
        return RoleCatalogue.load();
    }
}
