package io.iamsuite.eventstore;

/** The stream version a command was decided on; the optimistic lock of an append. */
public final class ExpectedVersion {
    /** Append whatever the stream's version (the workspace lock still orders the append). */
    public static final long ANY = -1;
    /** The stream must not exist yet. */
    public static final long NO_STREAM = 0;

    private ExpectedVersion() {
    }
}
