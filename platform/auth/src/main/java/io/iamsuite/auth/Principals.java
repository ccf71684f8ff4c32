package io.iamsuite.auth;

import io.iamsuite.events.Actor;
import jakarta.ws.rs.container.ContainerRequestContext;

/** The authenticated caller of a request, as the filters left it. */
public final class Principals {
    static final String PROPERTY = "iam.principal";

    private Principals() {
    }

    /** The caller, or null on an open path. */
    public static Principal of(ContainerRequestContext request) {
        return (Principal) request.getProperty(PROPERTY);
    }

    /** Who the events of this request are attributed to: the token, the operator, or the system on open paths. */
    public static Actor actor(ContainerRequestContext request) {
        Principal principal = of(request);
        return principal == null ? Actor.system() : principal.actor();
    }
}
