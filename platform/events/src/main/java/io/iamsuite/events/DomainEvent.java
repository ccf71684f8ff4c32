package io.iamsuite.events;

/** Any event of the three writer domains. The payload only; the metadata lives in {@link EventEnvelope}. */
public sealed interface DomainEvent permits IdentityEvent, ResourceEvent, TokenEvent {

    /** The service whose log this event belongs to. */
    EventSource source();

    /** The stable wire name, e.g. {@code identity.member-added}. */
    default String eventType() {
        return EventTypes.typeOf(getClass());
    }
}
