package io.iamsuite.rest;

/** {@code {"data": ...}}: the body of every successful request. */
public record DataEnvelope<T>(T data) {
    public static <T> DataEnvelope<T> of(T data) {
        return new DataEnvelope<>(data);
    }
}
