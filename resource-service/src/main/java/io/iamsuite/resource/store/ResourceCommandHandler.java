package io.iamsuite.resource.store;

import io.iamsuite.events.ResourceEvent;
import io.iamsuite.eventstore.AppendResult;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.eventstore.ExpectedVersion;
import io.iamsuite.eventstore.StreamAppend;
import io.iamsuite.resource.config.ResourceConfig;
import io.iamsuite.resource.domain.LabelPolicy;
import io.iamsuite.resource.domain.ResourceCommand;
import io.iamsuite.resource.domain.ResourceDecider;
import io.iamsuite.resource.domain.ResourceStreams;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs resource and label commands: one transaction of lock, read, decide, append, update state. The workspace
 * lock serialises every writer of a workspace, so the state the decision reads is current.
 */
@ApplicationScoped
public class ResourceCommandHandler {
    private final EventStore eventStore;
    private final ResourceRepository repository;
    private final LabelPolicy policy;

    public ResourceCommandHandler(EventStore eventStore, ResourceRepository repository, ResourceConfig config) {
        this.eventStore = eventStore;
        this.repository = repository;
        this.policy = config.labelsOnAllTypes() ? LabelPolicy.ALL_TYPES : LabelPolicy.SEGMENT;
    }

    public Uni<AppendResult> run(ResourceCommand command, CommandMetadata metadata) {
        String ws = command.workspaceId();
        return eventStore.inTransaction(session -> eventStore.lockWorkspace(session, ws)
                .chain(() -> repository.load(session, ws))
                .map(state -> ResourceDecider.decide(command, state, policy))
                .chain(events -> eventStore.append(session, ws, streams(ws, events), metadata))
                .call(result -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (var envelope : result.events()) {
                        chain = chain.chain(() -> repository.apply(session, envelope));
                    }
                    return chain;
                }));
    }

    /**
     * One append per stream. A creation must start its stream; the rest append at any version, since the
     * workspace lock already orders them after the state they were decided on.
     */
    private static List<StreamAppend> streams(String ws, List<ResourceEvent> events) {
        Map<String, List<ResourceEvent>> byStream = new LinkedHashMap<>();
        for (ResourceEvent event : events) {
            byStream.computeIfAbsent(ResourceStreams.of(ws, event), id -> new ArrayList<>()).add(event);
        }
        List<StreamAppend> appends = new ArrayList<>();
        byStream.forEach((streamId, streamEvents) -> appends.add(new StreamAppend(streamId,
                streamEvents.get(0) instanceof ResourceEvent.ResourceCreated ? ExpectedVersion.NO_STREAM : ExpectedVersion.ANY,
                streamEvents)));
        return appends;
    }
}
