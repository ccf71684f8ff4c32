package io.iamsuite.bench.dataset;

import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.policy.domain.Projection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A {@link Dataset} as the events the three services publish (per workspace, one gap-free position sequence per
 * service), to fold into policy-service's {@link Projection} or to publish to Kafka.
 */
public final class DatasetEvents {
    private static final Instant AT = Instant.parse("2026-11-01T00:00:00Z");

    private DatasetEvents() {
    }

    /** Every event of the dataset, workspace by workspace, to {@code sink}; returns how many. */
    public static long generate(Dataset dataset, Consumer<EventEnvelope> sink) {
        long count = 0;
        for (Dataset.Workspace ws : dataset.workspaces()) {
            count += workspace(ws, sink);
        }
        return count;
    }

    public static List<EventEnvelope> list(Dataset dataset) {
        List<EventEnvelope> all = new ArrayList<>();
        generate(dataset, all::add);
        return all;
    }

    /** The dataset folded into a new projection. */
    public static Projection fold(Dataset dataset) {
        Projection projection = new Projection();
        generate(dataset, projection::apply);
        return projection;
    }

    /** One workspace's events to {@code sink}; returns how many. */
    public static long workspace(Dataset.Workspace ws, Consumer<EventEnvelope> sink) {
        Emitter out = new Emitter(ws.id(), sink);
        out.emit(new ResourceEvent.WorkspaceCreated(ws.id(), ws.id(), ws.id()));
        for (LabelRef label : ws.labels()) {
            out.emit(new ResourceEvent.LabelCreated(label, ""));
        }
        for (Dataset.Resource resource : ws.resources()) {
            out.emit(new ResourceEvent.ResourceCreated(resource.ref(), resource.ref().id(), resource.ref().id(),
                    resource.parentSourceId(), List.of()));
            for (LabelRef label : resource.labels()) {
                out.emit(new ResourceEvent.LabelAssigned(resource.ref(), label));
            }
        }
        for (Dataset.Member member : ws.members()) {
            out.emit(new IdentityEvent.MemberAdded(member.userId(), member.userId() + "@" + ws.id() + ".example",
                    member.userId(), member.role()));
        }
        ws.groups().forEach((group, users) -> {
            out.emit(new IdentityEvent.GroupCreated(group, group));
            users.forEach(user -> out.emit(new IdentityEvent.GroupMemberAdded(group, user)));
        });
        Map<String, List<Grant>> tokenGrants = new java.util.HashMap<>();
        for (Dataset.Held held : ws.grants()) {
            if (held.holder().type() == Subject.Type.TOKEN) {
                tokenGrants.computeIfAbsent(held.holder().id(), t -> new ArrayList<>()).add(held.grant());
            } else {
                out.emit(new IdentityEvent.RoleGranted(held.holder(), held.grant()));
            }
        }
        for (Dataset.Token token : ws.tokens()) {
            out.emit(new TokenEvent.TokenIssued(token.tokenId(), "bench", token.access(),
                    tokenGrants.getOrDefault(token.tokenId(), List.of()), "sha256:bench-" + token.tokenId(), "u_0", null));
        }
        return out.count;
    }

    /** Envelopes as the relays publish them: one position sequence per (source, workspace). */
    private static final class Emitter {
        private final String workspaceId;
        private final Consumer<EventEnvelope> sink;
        private final Map<EventSource, Long> positions = new EnumMap<>(EventSource.class);
        long count;

        Emitter(String workspaceId, Consumer<EventEnvelope> sink) {
            this.workspaceId = workspaceId;
            this.sink = sink;
        }

        void emit(DomainEvent event) {
            long position = positions.merge(event.source(), 1L, Long::sum);
            sink.accept(new EventEnvelope(UUID.randomUUID(), event.eventType(), EventTypes.currentVersion(event.getClass()),
                    workspaceId, "bench", position, position, AT, Actor.system(), "bench", event));
            count++;
        }
    }
}
