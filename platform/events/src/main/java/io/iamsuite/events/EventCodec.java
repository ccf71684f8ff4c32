package io.iamsuite.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one codec of events: the envelope as a JSON object with the payload under {@code data}, the same
 * shape on Kafka and in golden files. Reading upcasts old schema versions to the current one.
 */
public final class EventCodec {
    private static final EventCodec DEFAULT = new EventCodec(Upcasters.all());

    private final ObjectMapper mapper = IamJson.mapper();
    private final Map<String, Map<Integer, Upcaster>> upcasters = new HashMap<>();

    public EventCodec(List<Upcaster> upcasters) {
        for (Upcaster upcaster : upcasters) {
            this.upcasters.computeIfAbsent(upcaster.eventType(), t -> new HashMap<>())
                    .put(upcaster.fromVersion(), upcaster);
        }
    }

    public static EventCodec standard() {
        return DEFAULT;
    }

    public byte[] encode(EventEnvelope envelope) {
        return encodeToString(envelope).getBytes(StandardCharsets.UTF_8);
    }

    public String encodeToString(EventEnvelope envelope) {
        return encodeToString(envelope.eventId(), envelope.eventType(), envelope.schemaVersion(),
                envelope.workspaceId(), envelope.streamId(), envelope.streamVersion(), envelope.position(),
                envelope.occurredAt(), envelope.actor(), envelope.requestId(), mapper.valueToTree(envelope.data()));
    }

    /**
     * The envelope around data that is already JSON, as the relay publishes stored events: it needs no
     * knowledge of the payload's Java type, so an event written by a newer release is still relayed.
     */
    public String encodeStored(UUID eventId, String eventType, int schemaVersion, String workspaceId,
                               String streamId, long streamVersion, long position, Instant occurredAt, Actor actor,
                               String requestId, String dataJson) {
        return encodeToString(eventId, eventType, schemaVersion, workspaceId, streamId, streamVersion, position,
                occurredAt, actor, requestId, parse(dataJson));
    }

    private String encodeToString(UUID eventId, String eventType, int schemaVersion, String workspaceId,
                                  String streamId, long streamVersion, long position, Instant occurredAt,
                                  Actor actor, String requestId, JsonNode data) {
        ObjectNode node = mapper.createObjectNode();
        node.put("eventId", eventId.toString());
        node.put("eventType", eventType);
        node.put("schemaVersion", schemaVersion);
        node.put("workspaceId", workspaceId);
        node.put("streamId", streamId);
        node.put("streamVersion", streamVersion);
        node.put("position", position);
        node.put("occurredAt", occurredAt.toString());
        node.set("actor", mapper.valueToTree(actor));
        if (requestId != null) {
            node.put("requestId", requestId);
        }
        node.set("data", data);
        return write(node);
    }

    /** The payload alone, as the event store keeps it beside its metadata columns. */
    public String encodeData(DomainEvent data) {
        return write(mapper.valueToTree(data));
    }

    public EventEnvelope decode(byte[] json) {
        return decode(new String(json, StandardCharsets.UTF_8));
    }

    public EventEnvelope decode(String json) {
        JsonNode node = parse(json);
        if (!node.isObject()) {
            throw new UnreadableEventException("an event must be a JSON object");
        }
        try {
            String eventType = text(node, "eventType");
            int schemaVersion = node.path("schemaVersion").asInt(1);
            DomainEvent data = decodeData(eventType, schemaVersion, node.get("data"));
            JsonNode actor = node.get("actor");
            return new EventEnvelope(
                    UUID.fromString(text(node, "eventId")),
                    eventType,
                    EventTypes.currentVersion(data.getClass()),
                    text(node, "workspaceId"),
                    text(node, "streamId"),
                    node.path("streamVersion").asLong(),
                    node.path("position").asLong(),
                    Instant.parse(text(node, "occurredAt")),
                    actor == null ? Actor.system() : mapper.treeToValue(actor, Actor.class),
                    node.hasNonNull("requestId") ? node.get("requestId").asText() : null,
                    data);
        } catch (UnreadableEventException e) {
            throw e;
        } catch (RuntimeException | JsonProcessingException e) {
            throw new UnreadableEventException("malformed event envelope: " + e.getMessage(), e);
        }
    }

    public DomainEvent decodeData(String eventType, int schemaVersion, String dataJson) {
        return decodeData(eventType, schemaVersion, parse(dataJson));
    }

    private DomainEvent decodeData(String eventType, int schemaVersion, JsonNode data) {
        Class<? extends DomainEvent> type = EventTypes.classOf(eventType)
                .orElseThrow(() -> new UnreadableEventException("unknown event type " + eventType));
        if (data == null || !data.isObject()) {
            throw new UnreadableEventException(eventType + ": data must be a JSON object");
        }
        int current = EventTypes.currentVersion(type);
        if (schemaVersion > current || schemaVersion < 1) {
            throw new UnreadableEventException(eventType + ": schema version " + schemaVersion
                    + " is not readable here (this reader knows 1.." + current + ")");
        }
        ObjectNode upcasted = (ObjectNode) data;
        for (int version = schemaVersion; version < current; version++) {
            Upcaster upcaster = upcasters.getOrDefault(eventType, Map.of()).get(version);
            if (upcaster == null) {
                throw new UnreadableEventException(eventType + ": no upcaster from schema version " + version);
            }
            upcasted = upcaster.upcast(upcasted);
        }
        try {
            return mapper.treeToValue(upcasted, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableEventException(eventType + ": malformed data: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UnreadableEventException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an event", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new UnreadableEventException("missing or non-text field " + field);
        }
        return value.asText();
    }
}
