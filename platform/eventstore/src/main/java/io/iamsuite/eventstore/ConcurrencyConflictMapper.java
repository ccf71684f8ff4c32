package io.iamsuite.eventstore;

import io.iamsuite.rest.ErrorEnvelope;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A lost optimistic-concurrency race answers 409: the client re-reads and retries. */
public class ConcurrencyConflictMapper {
    @ServerExceptionMapper
    public Response conflict(ConcurrencyConflictException e) {
        return Response.status(409).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorEnvelope.of("conflict", "Changed concurrently, read again and retry: " + e.getMessage(),
                        null))
                .build();
    }
}
