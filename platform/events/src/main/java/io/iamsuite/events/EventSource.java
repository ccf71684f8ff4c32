package io.iamsuite.events;

import java.util.Locale;

/** The writer service that owns an event stream; each has its own topic and its own positions. */
public enum EventSource {
    IDENTITY, RESOURCE, TOKEN;

    /** The lower-case name used in event types, topics and consistency tokens. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Kafka topic of this source's events: {@code <namespace>.<source>.events.v1}. */
    public String topic(String namespace) {
        return namespace + "." + id() + ".events.v1";
    }

    public static EventSource fromId(String id) {
        for (EventSource source : values()) {
            if (source.id().equals(id)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown event source: " + id);
    }
}
