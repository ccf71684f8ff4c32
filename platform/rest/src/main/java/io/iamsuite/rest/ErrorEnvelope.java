package io.iamsuite.rest;

import java.util.List;

/** {@code {"errors": [...]}}: the body of every failed request, never mixed with {@code data}. */
public record ErrorEnvelope(List<ApiError> errors) {
    public static ErrorEnvelope of(String type, String message, String field) {
        return new ErrorEnvelope(List.of(new ApiError(type, message, field)));
    }
}
