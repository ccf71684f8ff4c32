package io.iamsuite.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One fully populated instance of every event type, the input of the golden-file test. */
final class EventSamples {
    static final String WORKSPACE = "ws_2fVh9kQ1sample";
    private static final Instant EXPIRES = Instant.parse("2026-12-03T10:15:30Z");
    private static final Grant SOURCE_ADMIN_ON_PROD = new Grant("role-source-admin",
            ResourceRef.workspace(WORKSPACE), List.of(new LabelRef("environment", "prod")));
    private static final Grant SOURCE_READ_ON_ONE = Grant.on("role-source-read-only",
            new ResourceRef(ResourceType.SOURCE, "src_1"));

    private EventSamples() {
    }

    static List<DomainEvent> all() {
        return List.of(
                new IdentityEvent.MemberAdded("usr_1", "ada@example.com", "Ada Lovelace", MemberRole.OWNER),
                new IdentityEvent.MemberRoleChanged("usr_1", MemberRole.MEMBER),
                new IdentityEvent.MemberRemoved("usr_1", "ada@example.com"),
                new IdentityEvent.InviteSent("inv_1", "bob@example.com", List.of(SOURCE_READ_ON_ONE),
                        List.of("grp_1"), EXPIRES),
                new IdentityEvent.InviteResent("inv_1", EXPIRES),
                new IdentityEvent.InviteRevoked("inv_1", "bob@example.com"),
                new IdentityEvent.InviteExpired("inv_1", "bob@example.com"),
                new IdentityEvent.InviteAccepted("inv_1", "bob@example.com", "usr_2"),
                new IdentityEvent.GroupCreated("grp_1", "Engineers"),
                new IdentityEvent.GroupRenamed("grp_1", "Platform engineers"),
                new IdentityEvent.GroupDeleted("grp_1"),
                new IdentityEvent.GroupMemberAdded("grp_1", "usr_2"),
                new IdentityEvent.GroupMemberRemoved("grp_1", "usr_2"),
                new IdentityEvent.GroupInviteAdded("grp_1", "inv_1", "bob@example.com"),
                new IdentityEvent.GroupInviteRemoved("grp_1", "inv_1", "bob@example.com"),
                new IdentityEvent.RoleGranted(Subject.group("grp_1"), SOURCE_ADMIN_ON_PROD),
                new IdentityEvent.RoleRevoked(Subject.user("usr_2"), SOURCE_READ_ON_ONE),
                new ResourceEvent.WorkspaceCreated(WORKSPACE, "Acme", "acme"),
                new ResourceEvent.WorkspaceRenamed(WORKSPACE, "Acme Corp"),
                new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.DESTINATION, "dst_1"), "Webhook",
                        "webhook", "src_1", List.of()),
                new ResourceEvent.ResourceUpdated(new ResourceRef(ResourceType.SOURCE, "src_1"), "Web", "web"),
                new ResourceEvent.ResourceDeleted(new ResourceRef(ResourceType.SOURCE, "src_1")),
                new ResourceEvent.ResourcesConnected("src_1", new ResourceRef(ResourceType.WAREHOUSE, "wh_1")),
                new ResourceEvent.ResourcesDisconnected("src_1", new ResourceRef(ResourceType.TRACKING_PLAN, "tp_1")),
                new ResourceEvent.LabelCreated(new LabelRef("product", "car"), "Car line"),
                new ResourceEvent.LabelDeleted(new LabelRef("product", "car")),
                new ResourceEvent.LabelRenamed(new LabelRef("product", "car"), new LabelRef("product", "auto")),
                new ResourceEvent.LabelAssigned(new ResourceRef(ResourceType.SOURCE, "src_1"),
                        new LabelRef("environment", "prod")),
                new ResourceEvent.LabelUnassigned(new ResourceRef(ResourceType.SPACE, "spa_1"),
                        new LabelRef("environment", "dev")),
                new TokenEvent.TokenIssued("tok_1", "CI deploys", TokenEvent.Access.MEMBER,
                        List.of(SOURCE_ADMIN_ON_PROD),
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "usr_1", EXPIRES),
                new TokenEvent.TokenRotated("tok_1",
                        "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", EXPIRES),
                new TokenEvent.TokenPermissionsReplaced("tok_1", TokenEvent.Access.MEMBER, List.of(SOURCE_READ_ON_ONE)),
                new TokenEvent.TokenRevoked("tok_1"),
                new TokenEvent.TokenExpired("tok_1"),
                new TokenEvent.TokenCreatorDeparted("tok_1", "usr_1"));
    }

    static EventEnvelope envelope(DomainEvent data) {
        return new EventEnvelope(UUID.nameUUIDFromBytes(data.eventType().getBytes()), data.eventType(),
                EventTypes.currentVersion(data.getClass()), WORKSPACE, "stream-1", 3, 42,
                Instant.parse("2026-11-26T10:15:30.123Z"), Actor.user("usr_1"), "req-7", data);
    }
}
