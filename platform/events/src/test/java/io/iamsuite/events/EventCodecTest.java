package io.iamsuite.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {
    private final EventCodec codec = EventCodec.standard();

    @Test
    void a_version_1_member_added_is_upcast_to_the_current_role_field() {
        String v1 = """
                {"eventId":"6f1c2f4e-8a58-4f1b-9d7e-0c0a3b1f2e11","eventType":"identity.member-added",
                 "schemaVersion":1,"workspaceId":"ws_1","streamId":"member:ws_1:usr_1","streamVersion":1,
                 "position":1,"occurredAt":"2025-01-01T00:00:00Z","actor":{"type":"SYSTEM","id":"system"},
                 "data":{"userId":"usr_1","email":"a@example.com","name":"A","owner":true}}""";

        EventEnvelope envelope = codec.decode(v1);

        assertThat(envelope.schemaVersion()).isEqualTo(2);
        assertThat(envelope.data()).isEqualTo(
                new IdentityEvent.MemberAdded("usr_1", "a@example.com", "A", MemberRole.OWNER));
    }

    @Test
    void a_version_1_member_without_owner_flag_becomes_a_member() {
        var data = codec.decodeData("identity.member-added", 1, "{\"userId\":\"u\",\"email\":\"e@x.io\",\"name\":\"n\"}");
        assertThat(((IdentityEvent.MemberAdded) data).role()).isEqualTo(MemberRole.MEMBER);
    }

    @Test
    void unknown_types_newer_schemas_and_malformed_json_are_unreadable_with_a_reason() {
        assertThatThrownBy(() -> codec.decodeData("identity.member-teleported", 1, "{}"))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> codec.decodeData("identity.group-created", 9, "{\"groupId\":\"g\"}"))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("schema version 9");
        assertThatThrownBy(() -> codec.decode("{not json"))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> codec.decode("[]"))
                .isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> codec.decode("{\"eventType\":\"identity.group-created\",\"data\":{}}"))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("eventId");
    }

    @Test
    void readers_ignore_fields_added_by_newer_writers() {
        var data = codec.decodeData("identity.group-created", 1, "{\"groupId\":\"g\",\"name\":\"n\",\"colour\":\"red\"}");
        assertThat(data).isEqualTo(new IdentityEvent.GroupCreated("g", "n"));
    }

    @Test
    void event_types_are_stable_strings_never_class_names() {
        assertThat(EventTypes.all().keySet()).allMatch(type -> type.matches("(identity|resource|token)\\.[a-z-]+"));
        assertThat(new IdentityEvent.GroupCreated("g", "n").eventType()).isEqualTo("identity.group-created");
        assertThat(new IdentityEvent.GroupCreated("g", "n").source()).isEqualTo(EventSource.IDENTITY);
    }
}
