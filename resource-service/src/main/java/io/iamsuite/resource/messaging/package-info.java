/** Kafka in and out of resource-service (its own events leave through the event store's outbox relay). */
package io.iamsuite.resource.messaging;
