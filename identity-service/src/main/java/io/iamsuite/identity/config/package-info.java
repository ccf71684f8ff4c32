/** Typed configuration (@ConfigMapping) of identity-service. */
package io.iamsuite.identity.config;
