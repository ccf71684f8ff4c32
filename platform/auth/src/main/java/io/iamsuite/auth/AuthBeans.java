package io.iamsuite.auth;

import io.iamsuite.catalogue.RoleCatalogue;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The beans platform/auth needs; a service may provide its own catalogue. */
public class AuthBeans {
    @Produces
    @Singleton
    TokenDirectory tokenDirectory() {
        return new TokenDirectory();
    }

    @Produces
    @Singleton
    @DefaultBean
    RoleCatalogue roleCatalogue() {
        return RoleCatalogue.load();
    }
}
