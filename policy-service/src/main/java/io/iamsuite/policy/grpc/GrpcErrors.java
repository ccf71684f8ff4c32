package io.iamsuite.policy.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iamsuite.rest.ApiException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The policy API's errors as gRPC statuses: 4xx validation is INVALID_ARGUMENT, 404 NOT_FOUND, 503 UNAVAILABLE; the
 * description starts with the field (as over HTTP) and the trailer {@value #FIELD_KEY} carries the field alone.
 */
final class GrpcErrors {
    static final String FIELD_KEY = "iam-error-field";
    static final Metadata.Key<String> FIELD = Metadata.Key.of(FIELD_KEY, Metadata.ASCII_STRING_MARSHALLER);
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static Throwable toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException) {
            return failure;
        }
        if (failure instanceof ApiException) {
            ApiException api = (ApiException) failure;
            return status(code(api.status()), api.field(), api.field() == null || api.getMessage().startsWith(api.field())
                    ? api.getMessage() : api.field() + ": " + api.getMessage());
        }
        if (failure instanceof ConstraintViolationException) {
            List<ConstraintViolation<?>> violations = ((ConstraintViolationException) failure).getConstraintViolations()
                    .stream().sorted(Comparator.comparing(v -> v.getPropertyPath().toString())).collect(Collectors.toList());
            String description = violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .collect(Collectors.joining("; "));
            return status(Status.Code.INVALID_ARGUMENT, violations.get(0).getPropertyPath().toString(), description);
        }
        LOG.error("policy gRPC call failed", failure);
        return Status.INTERNAL.withDescription("Internal error").asRuntimeException();
    }

    private static Status.Code code(int httpStatus) {
        switch (httpStatus) {
            case 400:
            case 422:
                return Status.Code.INVALID_ARGUMENT;
            case 404:
                return Status.Code.NOT_FOUND;
            case 409:
                return Status.Code.FAILED_PRECONDITION;
            case 503:
                return Status.Code.UNAVAILABLE;
            default:
                return Status.Code.INTERNAL;
        }
    }

    private static StatusRuntimeException status(Status.Code code, String field, String description) {
        Metadata trailers = new Metadata();
        if (field != null) {
            trailers.put(FIELD, field);
        }
        return Status.fromCode(code).withDescription(description).asRuntimeException(trailers);
    }
}
