package io.iamsuite.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One entry of Segment's error envelope; {@code field} names the input that is wrong, when there is one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String type, String message, String field) {
}
