package io.iamsuite.events;

import java.util.Objects;

/** Who caused an event: a user, an API token, or the system itself (expiry, bootstrap). */
public record Actor(Type type, String id) {
    public enum Type { USER, TOKEN, SYSTEM }

    public Actor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public static Actor system() {
        return new Actor(Type.SYSTEM, "system");
    }

    public static Actor user(String id) {
        return new Actor(Type.USER, id);
    }

    public static Actor token(String id) {
        return new Actor(Type.TOKEN, id);
    }
}
