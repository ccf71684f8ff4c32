package io.iamsuite.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable wire name of an event ({@code identity.member-added}) and its current schema version.
 * The Java class name never reaches the wire, so classes can be renamed freely.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    String value();

    int version() default 1;
}
