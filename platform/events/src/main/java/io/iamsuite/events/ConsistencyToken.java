package io.iamsuite.events;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * "At least this fresh": the positions, per writer service, that a reader must have applied in one
 * workspace. Every write answers one; tokens of several services (or several writes) combine by taking the
 * highest position per service. On the wire it is opaque: {@code ct1.<base64url>}, where the encoded text
 * is {@code <workspaceId>\n<source>=<position>[,<source>=<position>...]}.
 */
public record ConsistencyToken(String workspaceId, Map<EventSource, Long> positions) {
    private static final String PREFIX = "ct1.";
    private static final int MAX_LENGTH = 2048;

    public ConsistencyToken {
        Objects.requireNonNull(workspaceId, "workspaceId");
        EnumMap<EventSource, Long> copy = new EnumMap<>(EventSource.class);
        copy.putAll(positions);
        positions = Collections.unmodifiableMap(copy);
    }

    public static ConsistencyToken of(String workspaceId, EventSource source, long position) {
        return new ConsistencyToken(workspaceId, Map.of(source, position));
    }

    public long position(EventSource source) {
        return positions.getOrDefault(source, 0L);
    }

    /** The token that is at least as fresh as both; both must name the same workspace. */
    public ConsistencyToken combine(ConsistencyToken other) {
        if (!workspaceId.equals(other.workspaceId)) {
            throw new IllegalArgumentException("consistency tokens of different workspaces cannot be combined");
        }
        EnumMap<EventSource, Long> merged = new EnumMap<>(EventSource.class);
        merged.putAll(positions);
        other.positions.forEach((source, position) -> merged.merge(source, position, Math::max));
        return new ConsistencyToken(workspaceId, merged);
    }

    public static ConsistencyToken combineAll(Collection<ConsistencyToken> tokens) {
        return tokens.stream().reduce(ConsistencyToken::combine)
                .orElseThrow(() -> new IllegalArgumentException("no consistency token given"));
    }

    public String encode() {
        StringBuilder text = new StringBuilder(workspaceId).append('\n');
        String separator = "";
        for (Map.Entry<EventSource, Long> entry : positions.entrySet()) {
            text.append(separator).append(entry.getKey().id()).append('=').append(entry.getValue());
            separator = ",";
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a token; {@link IllegalArgumentException} with a reason a client can act on if it is malformed. */
    public static ConsistencyToken decode(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a consistency token (expected ct1.<...>)");
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("consistency token is not valid base64url");
        }
        int newline = text.indexOf('\n');
        if (newline <= 0) {
            throw new IllegalArgumentException("consistency token names no workspace");
        }
        EnumMap<EventSource, Long> positions = new EnumMap<>(EventSource.class);
        String list = text.substring(newline + 1);
        if (!list.isEmpty()) {
            for (String pair : list.split(",")) {
                int equals = pair.indexOf('=');
                try {
                    long position = Long.parseLong(pair.substring(equals + 1));
                    if (equals < 0 || position < 0) {
                        throw new IllegalArgumentException("bad position");
                    }
                    positions.merge(EventSource.fromId(pair.substring(0, equals)), position, Math::max);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("consistency token has a malformed position: " + pair);
                }
            }
        }
        return new ConsistencyToken(text.substring(0, newline), positions);
    }
}
