package io.iamsuite.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission an API operation needs: an action of the catalogue ({@code source.update}), checked on the
 * resource named by the path parameter {@link #resource()} (its type is the action's), on the workspace for
 * {@code workspace.*} actions, or on the type as a whole (list, create) when {@code resource} is empty.
 * Every operation carries this or {@link Open}; {@code AuthGuardsTest}s fail the build otherwise.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {
    String value();

    /** The path parameter holding the checked resource's id; empty for the workspace or the whole type. */
    String resource() default "";
}
