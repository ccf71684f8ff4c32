/** Typed configuration (@ConfigMapping) of resource-service. */
package io.iamsuite.resource.config;
