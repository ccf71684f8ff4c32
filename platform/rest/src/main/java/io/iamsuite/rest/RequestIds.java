package io.iamsuite.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import jakarta.ws.rs.container.ContainerResponseContext;

import java.util.UUID;
import java.util.regex.Pattern;

/** Gives every request an id (the caller's {@code X-Request-Id} if sane, else a new one) and echoes it. */
public class RequestIds {
    private static final String PROPERTY = "iam.request-id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        String given = request.getHeaderString(ApiHeaders.REQUEST_ID);
        request.setProperty(PROPERTY, given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString());
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(ApiHeaders.REQUEST_ID, id);
        }
    }

    /** The id of the request being served. */
    public static String of(ContainerRequestContext request) {
        Object id = request.getProperty(PROPERTY);
        return id == null ? UUID.randomUUID().toString() : id.toString();
    }
}
