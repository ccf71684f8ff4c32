package io.iamsuite.events;

import java.util.Objects;

/** A label {@code key:value}; the format rules are enforced by resource-service, not here. */
public record LabelRef(String key, String value) {
    public LabelRef {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return key + ":" + value;
    }
}
