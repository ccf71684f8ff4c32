package io.iamsuite.identity.api;

import io.iamsuite.events.Actor;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.testing.InfraInfo;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Makes a workspace exist for identity-service the way production does: its event on the resource topic. */
final class Workspaces {
    private Workspaces() {
    }

    static String newId() {
        return "ws_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Publishes resource-service's WorkspaceCreated for {@code workspaceId}. */
    static void publishCreated(InfraInfo infra, String workspaceId) {
        var created = new EventEnvelope(UUID.randomUUID(), "resource.workspace-created", 1, workspaceId,
                "workspace:" + workspaceId, 1, 1, Instant.now(), Actor.system(), "test",
                new ResourceEvent.WorkspaceCreated(workspaceId, "Acme", workspaceId.toLowerCase().replace('_', '-')));
        infra.send(infra.eventsTopic("resource"), workspaceId, EventCodec.standard().encodeToString(created));
    }

    /** Publishes the workspace and waits until identity-service has recorded it. */
    static void announce(InfraInfo infra, String workspaceId) {
        publishCreated(infra, workspaceId);
        await().atMost(Duration.ofSeconds(30)).until(() -> known(infra, workspaceId));
    }

    private static boolean known(InfraInfo infra, String workspaceId) throws SQLException {
        try (var connection = infra.openConnection();
             var statement = connection.prepareStatement("SELECT count(*) FROM workspaces WHERE workspace_id = ?")) {
            statement.setString(1, workspaceId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) == 1;
            }
        }
    }
}
