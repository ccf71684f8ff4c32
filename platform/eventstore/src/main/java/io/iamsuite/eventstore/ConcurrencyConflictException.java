package io.iamsuite.eventstore;

/** Another writer appended to the stream since the command read it; the API answers 409. */
public class ConcurrencyConflictException extends RuntimeException {
    private final String streamId;
    private final long expectedVersion;
    private final long actualVersion;

    public ConcurrencyConflictException(String streamId, long expectedVersion, long actualVersion) {
        super("stream " + streamId + " is at version " + (actualVersion < 0 ? "unknown" : actualVersion)
                + ", expected " + expectedVersion);
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public String streamId() {
        return streamId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version found, or -1 when the conflict was detected by the unique constraint at commit. */
    public long actualVersion() {
        return actualVersion;
    }
}
