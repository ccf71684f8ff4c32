package io.iamsuite.catalogue;

import io.iamsuite.events.ResourceType;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * One thing a subject can do, named {@code <type>.<verb>} or {@code <type>.<area>.<verb>}: {@code type} is
 * the kind of resource the action is checked on, written in lower case with hyphens ({@code tracking-plan}),
 * the verb one of read, create, update, delete, connect.
 *
 * @param requires the read action a role must also confer to confer this one ({@code null} for a read)
 */
public record Action(String name, ResourceType type, String area, String verb, String description, String requires) {
    public static final String READ = "read";
    public static final String CREATE = "create";

    /** A read changes nothing; read-only roles confer only these. */
    public boolean isRead() {
        return READ.equals(verb);
    }

    /**
     * {@code <type>.create}: checked before the resource exists, so only a grant reaching every future
     * resource of the type confers it (see {@link RoleCatalogue#confers(String, String, ResourceType, Scope)}).
     */
    public boolean creates() {
        return area == null && CREATE.equals(verb);
    }

    /** {@code TRACKING_PLAN} -> {@code tracking-plan}: how a type starts the names of its actions. */
    public static String prefix(ResourceType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The type whose actions start with {@code prefix}, if any. */
    public static Optional<ResourceType> typeOfPrefix(String prefix) {
        return Arrays.stream(ResourceType.values()).filter(t -> prefix(t).equals(prefix)).findFirst();
    }

    /** The base read action of a type, e.g. {@code source.read}. */
    public static String readOf(ResourceType type) {
        return prefix(type) + "." + READ;
    }
}
