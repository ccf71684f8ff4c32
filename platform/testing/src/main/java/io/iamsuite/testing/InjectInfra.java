package io.iamsuite.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@code @QuarkusTest} that {@link IamInfraResource} fills: an {@link InfraInfo}, or, with the
 * {@code kafka=dedicated} / {@code postgres=dedicated} init args, the test's own {@link EmbeddedKafkaBroker} /
 * {@link EmbeddedPostgresServer}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectInfra {
}
