package io.iamsuite.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body larger than {@code iam.api.max-body-bytes} with 413 in the error envelope before it is
 * read. (Vert.x's own limit, set higher, still stops chunked bodies without a Content-Length.)
 */
@ApplicationScoped
public class BodyLimit {
    private final long maxBytes;

    public BodyLimit(@ConfigProperty(name = "iam.api.max-body-bytes", defaultValue = "262144") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String length = context.request().getHeader("Content-Length");
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > maxBytes) {
                context.response().setStatusCode(413)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(Json.encode(ErrorEnvelope.of("payload-too-large",
                                "The body is larger than " + maxBytes + " bytes", "body")));
                return;
            }
            context.next();
        }, 1000);
    }
}
