/** The API of token-service (issue 5): issue, list, rotate, revoke, introspect tokens. Today the service runs its event store, relay and health only. */
package io.iamsuite.token.api;
