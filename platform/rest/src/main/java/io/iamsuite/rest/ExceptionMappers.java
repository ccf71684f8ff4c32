package io.iamsuite.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.iamsuite.events.DomainException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every failure becomes the error envelope with a precise status and, where there is one, the field at
 * fault. A 500 is only ever a bug of ours.
 */
public class ExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response response = respond(e.status(), e.envelope());
        if (e.status() == 503) {
            // The projection catches up in moments; tell clients when to retry.
            response.getHeaders().putSingle("Retry-After", "1");
        }
        return response;
    }

    @ServerExceptionMapper
    public Response domain(DomainException e) {
        int status = switch (e.kind()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 422;
        };
        String type = switch (e.kind()) {
            case NOT_FOUND -> "not-found";
            case CONFLICT -> "conflict";
            case INVALID -> "validation";
        };
        return respond(status, ErrorEnvelope.of(type, e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonParseException e) {
        return respond(400, ErrorEnvelope.of("bad-request", "The body is not valid JSON: " + e.getOriginalMessage(), "body"));
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return respond(422, ErrorEnvelope.of("validation", "Unknown field " + e.getPropertyName(), path(e)));
    }

    @ServerExceptionMapper
    public Response wrongValue(InvalidFormatException e) {
        return respond(422, ErrorEnvelope.of("validation",
                "Invalid value " + e.getValue() + " for " + path(e) + expected(e.getTargetType()), path(e)));
    }

    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        String field = path(e);
        if (field.isEmpty()) {
            return respond(400, ErrorEnvelope.of("bad-request", "The body must be a JSON object", "body"));
        }
        return respond(422, ErrorEnvelope.of("validation", "Wrong type for " + field + expected(e.getTargetType()), field));
    }

    @ServerExceptionMapper
    public Response otherMapping(JsonMappingException e) {
        String field = path(e);
        return respond(422, ErrorEnvelope.of("validation", "Invalid value" + (field.isEmpty() ? "" : " for " + field)
                + ": " + e.getOriginalMessage(), field.isEmpty() ? "body" : field));
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        List<ApiError> errors = e.getConstraintViolations().stream()
                .map(v -> new ApiError("validation", fieldOf(v) + " " + v.getMessage(), fieldOf(v)))
                .sorted(java.util.Comparator.comparing(ApiError::field))
                .collect(Collectors.toList());
        return respond(422, new ErrorEnvelope(errors));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return respond(404, ErrorEnvelope.of("not-found", "No such endpoint", null));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return respond(405, ErrorEnvelope.of("method-not-allowed", "Method not allowed on this path", null));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return respond(415, ErrorEnvelope.of("unsupported-media-type",
                "Send application/json or " + ApiHeaders.SEGMENT_JSON, "Content-Type"));
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return respond(406, ErrorEnvelope.of("not-acceptable", "This endpoint answers application/json", "Accept"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException parse) {
                return unreadableJson(parse);
            }
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return unknownField(unknown);
            }
            if (cause instanceof InvalidFormatException format) {
                return wrongValue(format);
            }
            if (cause instanceof MismatchedInputException mismatch) {
                return wrongType(mismatch);
            }
            if (cause instanceof JsonMappingException mapping) {
                return otherMapping(mapping);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
            return respond(status, ErrorEnvelope.of("internal", "Internal error", null));
        }
        return respond(status, ErrorEnvelope.of("bad-request", e.getMessage(), null));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api(api);
            }
            if (cause instanceof DomainException domain) {
                return domain(domain);
            }
        }
        LOG.error("Request failed", e);
        return respond(500, ErrorEnvelope.of("internal", "Internal error", null));
    }

    static Response respond(int status, ErrorEnvelope envelope) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(envelope).build();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (type.isEnum()) {
            return " (expected one of " + java.util.Arrays.toString(type.getEnumConstants()) + ")";
        }
        return " (expected " + type.getSimpleName() + ")";
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // "addMember.body.email" -> "email": drop the method and parameter names.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }
}
