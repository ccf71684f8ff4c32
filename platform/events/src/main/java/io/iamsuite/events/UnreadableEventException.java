package io.iamsuite.events;

/** A record that is not an event this reader understands: malformed JSON, unknown type, newer schema. */
public class UnreadableEventException extends RuntimeException {
    public UnreadableEventException(String message) {
        super(message);
    }

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
