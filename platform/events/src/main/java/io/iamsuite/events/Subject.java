package io.iamsuite.events;

import java.util.Objects;

/** Who holds a grant: a user, a user group, or an API token. */
public record Subject(Type type, String id) {
    public enum Type { USER, GROUP, TOKEN }

    public Subject {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public static Subject user(String id) {
        return new Subject(Type.USER, id);
    }

    public static Subject group(String id) {
        return new Subject(Type.GROUP, id);
    }

    public static Subject token(String id) {
        return new Subject(Type.TOKEN, id);
    }
}
