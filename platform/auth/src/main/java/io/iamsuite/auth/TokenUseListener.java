package io.iamsuite.auth;

import java.time.Instant;

/** Told of every authenticated use of a token (token-service records last-used times, batched). */
public interface TokenUseListener {
    void used(String workspaceId, String tokenId, Instant at);
}
