/** Tables, queries and command handlers of token-service: one transaction of lock, read, decide, append to the event store, update state. */
package io.iamsuite.token.store;
