package io.iamsuite.bench;

import io.iamsuite.events.EventCodec;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.Ids;
import io.iamsuite.events.MemberRole;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic {@code identity.member-added} payloads, encoded by the suite's own {@link EventCodec}, and the stream id
 * identity-service gives them ({@code member:<workspace>:<user>}, a new stream per member, version 1).
 */
final class MemberEvents {
    static final String EVENT_TYPE = "identity.member-added";
    static final int SCHEMA_VERSION = 1;
    static final String COLUMNS = "event_id, workspace_id, position, stream_id, stream_version, event_type,"
            + " schema_version, data, occurred_at, actor_type, actor_id, request_id";

    private static final String[] FIRST = {"Amelia", "Bartholomew", "Chiamaka", "Dmitri", "Esperanza", "Fitzgerald",
        "Guadalupe", "Hiroshi", "Ingrid", "Jean-Baptiste", "Katarzyna", "Leopold", "Marguerite", "Nnamdi", "Oksana",
        "Priyanka"};
    private static final String[] LAST = {"Abernathy-Smith", "Bjørnstad", "Castellanos", "Dubois-Lefèvre",
        "Eriksson", "Fitzpatrick", "Gonçalves", "Hakobyan", "Ivanova", "Jankowski", "Kowalczyk", "Lindqvist",
        "Montgomery", "Nakamura", "Oyelaran", "Papadopoulos"};
    private static final String[] DOMAINS = {"northwind-analytics.example.com", "contoso-retail.example.org",
        "fabrikam-logistics.example.net", "tailspin-media.example.com"};

    private final EventCodec codec = EventCodec.standard();
    private final SplittableRandom random;

    MemberEvents(long seed) {
        this.random = new SplittableRandom(seed);
    }

    record Member(String userId, String json) {
    }

    Member next(long sequence) {
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        String userId = Ids.next("usr");
        String email = (first + "." + last).toLowerCase(Locale.ROOT).replace("ø", "o").replace("ç", "c")
                .replace("è", "e") + "+" + sequence + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
        MemberRole role = random.nextInt(10) == 0 ? MemberRole.OWNER : MemberRole.MEMBER;
        return new Member(userId, codec.encodeData(new IdentityEvent.MemberAdded(userId, email, first + " " + last, role)));
    }

    static String streamId(String workspaceId, String userId) {
        return "member:" + workspaceId + ":" + userId;
    }
}
