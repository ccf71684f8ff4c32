package io.iamsuite.policy.domain;

/** The answer to a check: allowed, denied, or the workspace is unknown (the API answers 404). */
public enum Verdict {
    ALLOWED, DENIED, UNKNOWN_WORKSPACE;

    public boolean allowed() {
        return this == ALLOWED;
    }
}
