package io.iamsuite.testing;

import io.iamsuite.events.Actor;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.Grant;
import io.iamsuite.events.TokenEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * API tokens for tests, made the way production makes them known: token-service's events on the token topic,
 * which every service's token directory reads. The secret format and hash match platform/auth's TokenSecrets
 * ({@code iamt_} + 256 random bits; SHA-256 hex).
 *
 * <p>The operator secret is fixed for tests: {@link #OPERATOR_SECRET}, whose hash {@link IamInfraResource} hands
 * every test application, so tests that are not about authorization act as the operator.
 */
public final class TestTokens {
    /** The operator credential of test applications (never used outside tests). */
    public static final String OPERATOR_SECRET = "iamt_TESTONLYoperatorSecretForQuarkusTests000000";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final EventCodec CODEC = EventCodec.standard();

    private TestTokens() {
    }

    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "iamt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a token of {@code workspaceId} and answers its secret (the service learns it within ~200 ms). */
    public static String issue(InfraInfo infra, String workspaceId, TokenEvent.Access access, List<Grant> grants,
                               Instant expiresAt) {
        String secret = newSecret();
        String tokenId = "tok_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        publish(infra, workspaceId, tokenId, new TokenEvent.TokenIssued(tokenId, "test token", access, grants,
                hash(secret), "usr_test", expiresAt));
        return secret;
    }

    /** Publishes a token and its revocation; answers the (now revoked) secret. */
    public static String issueRevoked(InfraInfo infra, String workspaceId) {
        String secret = newSecret();
        String tokenId = "tok_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        publish(infra, workspaceId, tokenId, new TokenEvent.TokenIssued(tokenId, "revoked test token",
                TokenEvent.Access.OWNER, List.of(), hash(secret), "usr_test", null));
        publish(infra, workspaceId, tokenId, new TokenEvent.TokenRevoked(tokenId));
        return secret;
    }

    private static void publish(InfraInfo infra, String workspaceId, String tokenId, TokenEvent event) {
        var envelope = new EventEnvelope(UUID.randomUUID(), EventTypes.typeOf(event.getClass()), 1, workspaceId,
                "token:" + workspaceId + ":" + tokenId, 0, 0, Instant.now(), Actor.system(), "test", event);
        infra.send(infra.eventsTopic("token"), workspaceId, CODEC.encodeToString(envelope));
    }
}
