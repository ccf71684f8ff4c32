package io.iamsuite.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The registry of wire names, derived once from the sealed hierarchy and its {@link EventType} annotations. */
public final class EventTypes {
    private static final Map<String, Class<? extends DomainEvent>> BY_NAME;
    private static final Map<Class<?>, EventType> BY_CLASS;

    static {
        Map<String, Class<? extends DomainEvent>> byName = new LinkedHashMap<>();
        Map<Class<?>, EventType> byClass = new LinkedHashMap<>();
        for (Class<?> family : DomainEvent.class.getPermittedSubclasses()) {
            for (Class<?> type : family.getPermittedSubclasses()) {
                EventType annotation = type.getAnnotation(EventType.class);
                if (annotation == null) {
                    throw new IllegalStateException(type.getName() + " lacks @EventType");
                }
                if (!annotation.value().startsWith(((Class<?>) family).getSimpleName()
                        .replace("Event", "").toLowerCase() + ".")) {
                    throw new IllegalStateException(annotation.value() + " is not in its family's namespace");
                }
                if (byName.put(annotation.value(), type.asSubclass(DomainEvent.class)) != null) {
                    throw new IllegalStateException("duplicate event type " + annotation.value());
                }
                byClass.put(type, annotation);
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
        BY_CLASS = Collections.unmodifiableMap(byClass);
    }

    private EventTypes() {
    }

    public static String typeOf(Class<?> eventClass) {
        return annotation(eventClass).value();
    }

    public static int currentVersion(Class<?> eventClass) {
        return annotation(eventClass).version();
    }

    public static Optional<Class<? extends DomainEvent>> classOf(String eventType) {
        return Optional.ofNullable(BY_NAME.get(eventType));
    }

    /** Every known wire name with its class, in declaration order. */
    public static Map<String, Class<? extends DomainEvent>> all() {
        return BY_NAME;
    }

    private static EventType annotation(Class<?> eventClass) {
        EventType annotation = BY_CLASS.get(eventClass);
        if (annotation == null) {
            throw new IllegalArgumentException("not an event class: " + eventClass.getName());
        }
        return annotation;
    }
}
