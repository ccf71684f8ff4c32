/** Typed configuration (@ConfigMapping) of token-service. */
package io.iamsuite.token.config;
