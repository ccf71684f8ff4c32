package io.iamsuite.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A pure function from one schema version of an event's data to the next. Upcasters run on read, so old
 * events in the log (which is kept forever) never need rewriting.
 */
public interface Upcaster {
    String eventType();

    /** The version this upcaster reads; it produces {@code fromVersion() + 1}. */
    int fromVersion();

    ObjectNode upcast(ObjectNode data);
}
