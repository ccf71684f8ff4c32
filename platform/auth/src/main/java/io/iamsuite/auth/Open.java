package io.iamsuite.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operation any authenticated caller may use (e.g. the role catalogue), or, with {@link #anonymous()}, one
 * that needs no token at all (bootstrap, which works once). The reason is required, so a reviewer sees it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Open {
    String reason();

    boolean anonymous() default false;
}
