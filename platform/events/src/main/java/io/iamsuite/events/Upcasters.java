package io.iamsuite.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The upcasters of every event type whose schema has changed. */
public final class Upcasters {
    private Upcasters() {
    }

    public static List<Upcaster> all() {
        return List.of(new MemberAddedV1ToV2());
    }

    /** {@code identity.member-added} v1 said {@code "owner": true|false}; v2 says {@code "role": "OWNER"|"MEMBER"}. */
    static final class MemberAddedV1ToV2 implements Upcaster {
        @Override
        public String eventType() {
            return "identity.member-added";
        }

        @Override
        public int fromVersion() {
            return 1;
        }

        @Override
        public ObjectNode upcast(ObjectNode data) {
            ObjectNode copy = data.deepCopy();
            boolean owner = copy.path("owner").asBoolean(false);
            copy.remove("owner");
            copy.put("role", owner ? MemberRole.OWNER.name() : MemberRole.MEMBER.name());
            return copy;
        }
    }
}
