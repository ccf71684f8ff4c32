package io.iamsuite.eventstore;

import io.iamsuite.events.Actor;

import java.util.Objects;

/** Who asked for a change and in which request; copied onto every event the change appends. */
public record CommandMetadata(Actor actor, String requestId) {
    public CommandMetadata {
        Objects.requireNonNull(actor, "actor");
    }
}
