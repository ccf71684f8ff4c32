package io.iamsuite.policy.messaging;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One Kafka message of {@code <ns>.access-changes.v1} (docs/access-changes.md): up to
 * {@code iam.feed.max-changes-per-message} changes of one cause event; an event changing more is split into
 * {@code chunk.count} messages, all with the same key (the workspace), so they stay in order.
 *
 * @param positions the workspace's applied position per source ({@code identity}, {@code resource}, {@code token})
 *                  right after the cause: the projection position of the message
 */
public record AccessChangeMessage(String workspaceId, Cause cause, Positions positions, Chunk chunk,
                                  List<Change> changes) {
    public record Cause(UUID eventId, String eventType, String source, long position, Instant occurredAt) {
    }

    public record Positions(long identity, long resource, long token) {
    }

    public record Chunk(int index, int count) {
    }

    public record Change(Subject subject, ResourceRef resource, List<String> before, List<String> after) {
    }

    /**
     * The message without its changes ({@code changes} empty): all that a resuming feed needs to know of where a
     * workspace's feed stopped. Reads the fields up to the last of {@code workspaceId}, {@code cause},
     * {@code positions} and {@code chunk} (the encoder writes {@code changes} after them) and stops there, so that a
     * start that reads the whole topic does not build every change of every message: in a restart that replayed the
     * medium dataset's 1.07 million events, reading whole messages drew 432 profiler samples against the replay's 550.
     *
     * @throws IOException the bytes are not such a message (not JSON, not an object, or one of the four is missing)
     */
    static AccessChangeMessage head(ObjectMapper json, byte[] value) throws IOException {
        try (JsonParser parser = json.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "an access-change message is a JSON object");
            }
            String workspaceId = null;
            Cause cause = null;
            Positions positions = null;
            Chunk chunk = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "workspaceId" -> workspaceId = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "cause" -> cause = json.readValue(parser, Cause.class);
                    case "positions" -> positions = json.readValue(parser, Positions.class);
                    case "chunk" -> chunk = json.readValue(parser, Chunk.class);
                    default -> parser.skipChildren();
                }
                if (workspaceId != null && cause != null && positions != null && chunk != null) {
                    return new AccessChangeMessage(workspaceId, cause, positions, chunk, List.of());
                }
            }
            throw new JsonParseException(parser, "an access-change message needs workspaceId, cause, positions and chunk");
        }
    }
}
