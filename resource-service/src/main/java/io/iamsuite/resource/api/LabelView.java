package io.iamsuite.resource.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iamsuite.resource.store.ResourceRepository;

/** Segment's {@code LabelV1}: {@code {key, value, description?}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelView(String key, String value, String description) {
    static LabelView of(ResourceRepository.LabelRow row) {
        return new LabelView(row.key(), row.value(), row.description());
    }
}
