package io.iamsuite.policy.api;

import io.iamsuite.auth.Requires;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.audit.AuditRecord;
import io.iamsuite.policy.domain.audit.AuditTrail;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.DataEnvelope;
import io.iamsuite.rest.Pagination;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Segment's {@code listAuditEvents} ({@code GET /audit-events}, rewritten by platform/auth to the token's workspace):
 * the workspace's events newest first, filtered by time, resource id and type, key-set paginated. Owners only.
 */
@Path("/workspaces/{workspaceId}/audit-events")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private static final String CURSOR_VERSION = "audit1";
    private static final Set<String> PARAMETERS = Set.of("startTime", "endTime", "resourceId", "resourceType",
            Pagination.COUNT, Pagination.CURSOR, "pagination[count]", "pagination[cursor]");

    private final AuditTrail trail;
    private final Projection projection;

    public AuditResource(AuditTrail trail, Projection projection) {
        this.trail = trail;
        this.projection = projection;
    }

    /** Segment's {@code ListAuditEventsV1Output}. */
    public record AuditEvents(List<AuditEventView> events, Pagination.Output pagination) {
    }

    /** Segment's {@code AuditEventV1}. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record AuditEventView(String id, String timestamp, String type, String actor, String actorEmail,
                                 String resourceId, String resourceType, String resourceName) {
        static AuditEventView of(AuditRecord record) {
            return new AuditEventView(record.id(), record.timestamp().toString(), record.type(), record.actor(),
                    record.actorEmail(), record.resourceId(), record.resourceType(), record.resourceName());
        }
    }

    @Requires("workspace.audit.read")
    @GET
    public DataEnvelope<AuditEvents> listAuditEvents(@PathParam("workspaceId") String workspaceId, @Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw ApiException.validation(name, "unknown query parameter " + name);
            }
        }
        Instant start = time(query.getFirst("startTime"), "startTime");
        Instant end = time(query.getFirst("endTime"), "endTime");
        if (start != null && end != null && end.isBefore(start)) {
            throw ApiException.validation("endTime", "endTime must not be before startTime");
        }
        String countText = first(query, Pagination.COUNT, "pagination[count]");
        String cursor = first(query, Pagination.CURSOR, "pagination[cursor]");
        int count = Pagination.parse(countText, null, "audit-events@" + workspaceId).count();
        if (!projection.knowsWorkspace(workspaceId)) {
            throw ApiException.notFound("workspaceId", "Workspace " + workspaceId + " does not exist");
        }
        AuditTrail.Key after = cursor == null || cursor.isBlank() ? null : decode(cursor, workspaceId);
        AuditTrail.Query filter = new AuditTrail.Query(start, end, blankToNull(query.getFirst("resourceId")),
                blankToNull(query.getFirst("resourceType")));
        AuditTrail.Page page = trail.list(workspaceId, filter, after, count);
        String current = after == null ? encode(workspaceId, null) : cursor;
        String next = page.next() == null ? null : encode(workspaceId, page.next());
        return DataEnvelope.of(new AuditEvents(page.records().stream().map(AuditEventView::of).toList(),
                new Pagination.Output(current, next, null, null)));
    }

    private static Instant time(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.validation(field, field + " must be an ISO-8601 time such as 2026-01-31T12:00:00Z, not '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
    }

    private static String first(MultivaluedMap<String, String> query, String name, String sdkName) {
        String value = query.getFirst(name);
        return value != null ? value : query.getFirst(sdkName);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** base64url of {@code audit1\n<workspace>\n<epoch second>\n<nano>\n<event id>}; the first page's is the head. */
    static String encode(String workspaceId, AuditTrail.Key key) {
        String text = CURSOR_VERSION + "\n" + workspaceId + "\n"
                + (key == null ? "head" : key.timestamp().getEpochSecond() + "\n" + key.timestamp().getNano() + "\n" + key.id());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static AuditTrail.Key decode(String cursor, String workspaceId) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length == 3 && parts[0].equals(CURSOR_VERSION) && parts[1].equals(workspaceId) && parts[2].equals("head")) {
                return null;
            }
            if (parts.length != 5 || !parts[0].equals(CURSOR_VERSION) || !parts[1].equals(workspaceId)) {
                throw badCursor();
            }
            return new AuditTrail.Key(Instant.ofEpochSecond(Long.parseLong(parts[2]), Long.parseLong(parts[3])), parts[4]);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw badCursor();
        }
    }

    private static ApiException badCursor() {
        return ApiException.validation(Pagination.CURSOR, Pagination.CURSOR + " is not a cursor of this audit trail: "
                + "pass back pagination.current or next unchanged, or omit it for the first page");
    }
}
