package io.iamsuite.rest;

/** A client's mistake or a refused operation, answered with {@code status} and the error envelope. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String field;

    public ApiException(int status, String type, String field, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.field = field;
    }

    /** 422: the request is well-formed JSON but a field's value is not acceptable. */
    public static ApiException validation(String field, String message) {
        return new ApiException(422, "validation", field, message);
    }

    /** 400: the request cannot be read at all. */
    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "bad-request", field, message);
    }

    public static ApiException notFound(String field, String message) {
        return new ApiException(404, "not-found", field, message);
    }

    public static ApiException conflict(String field, String message) {
        return new ApiException(409, "conflict", field, message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", null, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String field() {
        return field;
    }

    public ErrorEnvelope envelope() {
        return ErrorEnvelope.of(type, getMessage(), field);
    }
}
