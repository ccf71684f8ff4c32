/** Kafka in and out of token-service (its own events leave through the event store's outbox relay). */
package io.iamsuite.token.messaging;
