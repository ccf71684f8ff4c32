package io.iamsuite.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * API token secrets: {@code iamt_} followed by 256 random bits in base64url (43 characters), so a secret
 * scanner can recognise a leaked one by its prefix and shape ({@link #PATTERN}). Only the SHA-256 of a secret
 * is ever stored or published; 256 random bits need no salt or slow hash (they cannot be guessed from the
 * hash). Secrets are compared by hash in constant time.
 */
public final class TokenSecrets {
    public static final String PREFIX = "iamt_";
    /** What a secret looks like (for scanners and for rejecting garbage before hashing). */
    public static final Pattern PATTERN = Pattern.compile("iamt_[A-Za-z0-9_-]{43}");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private TokenSecrets() {
    }

    /** A new secret: 32 bytes from a cryptographically strong source. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + ENCODER.encodeToString(bytes);
    }

    /** Whether {@code candidate} has the shape of a secret (cheap; no hashing). */
    public static boolean looksLikeSecret(String candidate) {
        if (candidate == null || candidate.length() != PREFIX.length() + 43 || !candidate.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of the secret, lower-case hex: what events and tables hold. */
    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Constant-time comparison of two hashes (hex strings of equal length). */
    public static boolean sameHash(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** A form safe to log: the prefix and the last 4 characters only. */
    public static String redact(String secret) {
        if (secret == null || secret.length() < 9) {
            return "<none>";
        }
        return PREFIX + "…" + secret.substring(secret.length() - 4);
    }
}
