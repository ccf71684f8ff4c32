package io.iamsuite.resource.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of resource-service, under {@code iam.resource}. */
@ConfigMapping(prefix = "iam.resource")
public interface ResourceConfig {
    /**
     * Whether every resource type may carry labels (ours); {@code false} restricts labels to sources and spaces,
     * as Segment does.
     */
    @WithDefault("true")
    boolean labelsOnAllTypes();
}
