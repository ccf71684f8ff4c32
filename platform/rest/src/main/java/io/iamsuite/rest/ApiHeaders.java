package io.iamsuite.rest;

/** Header names and media types of the public API. */
public final class ApiHeaders {
    /** Echoed on every response; copied onto every event the request causes. */
    public static final String REQUEST_ID = "X-Request-Id";
    /** On every write response: pass it to a read to see that write (read-your-writes). */
    public static final String CONSISTENCY_TOKEN = "X-Consistency-Token";
    /** Segment's media type; plain application/json is accepted too. */
    public static final String SEGMENT_JSON = "application/vnd.segment.v1+json";

    private ApiHeaders() {
    }
}
