package io.iamsuite.policy.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iamsuite.events.IamJson;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AccessChangeMessage#head}: what a resuming feed reads of each message of the topic. */
class AccessChangeMessageHeadTest {
    private final ObjectMapper json = IamJson.mapper();

    private static AccessChangeMessage message() {
        return new AccessChangeMessage("ws_1",
                new AccessChangeMessage.Cause(UUID.fromString("f258bed1-5e0b-3fae-bf3d-0363b86d6efb"),
                        "identity.group-member-added", "identity", 42, Instant.parse("2026-11-28T09:00:00Z")),
                new AccessChangeMessage.Positions(42, 17, 3), new AccessChangeMessage.Chunk(1, 3),
                List.of(new AccessChangeMessage.Change(Subject.user("u_1"), new ResourceRef(ResourceType.SOURCE, "src_1"),
                        List.of(), List.of("source.read"))));
    }

    @Test
    void a_message_as_the_feed_encodes_it_reads_back_whole_but_for_its_changes() throws IOException {
        AccessChangeMessage sent = message();

        AccessChangeMessage head = AccessChangeMessage.head(json, json.writeValueAsBytes(sent));

        assertThat(head).isEqualTo(new AccessChangeMessage(sent.workspaceId(), sent.cause(), sent.positions(),
                sent.chunk(), List.of()));
    }

    @Test
    void the_changes_after_the_head_are_not_read() throws IOException {
        String sent = new String(json.writeValueAsBytes(message()), StandardCharsets.UTF_8);
        String cut = sent.substring(0, sent.indexOf("\"changes\"")) + "\"changes\":[{\"subject\": oops";

        AccessChangeMessage head = AccessChangeMessage.head(json, cut.getBytes(StandardCharsets.UTF_8));

        assertThat(head.workspaceId()).isEqualTo("ws_1");
        assertThat(head.chunk()).isEqualTo(new AccessChangeMessage.Chunk(1, 3));
    }

    @Test
    void fields_in_another_order_and_unknown_ones_are_read_or_skipped() throws IOException {
        String sent = "{\"changes\":[{\"subject\":{\"type\":\"user\",\"id\":\"u_1\"}}],\"extra\":{\"a\":[1,2]},"
                + "\"chunk\":{\"index\":0,\"count\":1},\"positions\":{\"identity\":5,\"resource\":6,\"token\":7},"
                + "\"cause\":{\"eventId\":\"f258bed1-5e0b-3fae-bf3d-0363b86d6efb\",\"eventType\":\"token.revoked\","
                + "\"source\":\"token\",\"position\":7,\"occurredAt\":\"2026-11-28T09:00:00Z\"},\"workspaceId\":\"ws_2\"}";

        AccessChangeMessage head = AccessChangeMessage.head(json, sent.getBytes(StandardCharsets.UTF_8));

        assertThat(head.workspaceId()).isEqualTo("ws_2");
        assertThat(head.positions()).isEqualTo(new AccessChangeMessage.Positions(5, 6, 7));
        assertThat(head.cause().source()).isEqualTo("token");
        assertThat(head.cause().position()).isEqualTo(7);
        assertThat(head.changes()).isEmpty();
    }

    @Test
    void bytes_that_are_not_such_a_message_are_refused() {
        for (String bad : List.of("", "[1,2]", "\"ws_1\"", "{\"workspaceId\":\"ws_1\"}",
                "{\"workspaceId\":null,\"cause\":null,\"positions\":{},\"chunk\":{}}", "{\"workspaceId\":\"ws_1\",")) {
            assertThatThrownBy(() -> AccessChangeMessage.head(json, bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(IOException.class);
        }
    }
}
