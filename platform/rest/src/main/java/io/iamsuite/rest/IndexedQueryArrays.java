package io.iamsuite.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the official Segment SDK's array query parameters: its HTTP library sends
 * {@code deleteUsers(["a", "b"])} as {@code userIds[0]=a&userIds[1]=b}. Before matching, such names lose their
 * index ({@code userIds=a&userIds=b}), so a {@code @QueryParam List<String>} sees every value. Only a number (or
 * nothing) in the brackets counts: {@code pagination[count]} is left to {@link Pagination}.
 */
public class IndexedQueryArrays {
    private static final Pattern INDEXED_NAME = Pattern.compile("(.+?)(?:\\[|%5B)[0-9]{0,6}(?:]|%5D)",
            Pattern.CASE_INSENSITIVE);

    @ServerRequestFilter(preMatching = true)
    public void dropIndexes(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String query = uri.getRawQuery();
        if (query == null || !(query.contains("[") || query.toUpperCase().contains("%5B"))) {
            return;
        }
        String flattened = Arrays.stream(query.split("&", -1))
                .map(IndexedQueryArrays::withoutIndex)
                .collect(Collectors.joining("&"));
        if (!flattened.equals(query)) {
            request.setRequestUri(UriBuilder.fromUri(uri).replaceQuery(flattened).build());
        }
    }

    private static String withoutIndex(String pair) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        Matcher matcher = INDEXED_NAME.matcher(name);
        if (!matcher.matches()) {
            return pair;
        }
        return matcher.group(1) + (equals < 0 ? "" : pair.substring(equals));
    }
}
