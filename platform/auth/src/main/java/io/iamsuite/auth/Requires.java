package io.iamsuite.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A permission an API operation needs: an action of the catalogue ({@code source.update}), checked on the
 * resource whose id is in the path (or query) parameter {@link #resource()} (its type is the action's), on the
 * workspace for {@code workspace.*} actions, or on the type as a whole (list, create) when {@code resource} is
 * empty. Repeat it when an operation needs several (connecting a source to a warehouse needs both sides). Every
 * operation carries this, {@link Open} or {@link OperatorOnly}; the services' {@code AuthTableTest}s fail the
 * build otherwise.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Requires.All.class)
public @interface Requires {
    String value();

    /** The path or query parameter holding the checked resource's id; empty for the workspace or the whole type. */
    String resource() default "";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface All {
        Requires[] value();
    }
}
