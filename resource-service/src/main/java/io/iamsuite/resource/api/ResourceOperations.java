package io.iamsuite.resource.api;

import io.iamsuite.auth.Principals;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.eventstore.AppendResult;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.resource.domain.ResourceCommand;
import io.iamsuite.resource.domain.ResourceKinds;
import io.iamsuite.resource.store.ResourceCommandHandler;
import io.iamsuite.resource.store.ResourceRepository;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.iamsuite.rest.Pagination;
import io.iamsuite.rest.RequestIds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every resource endpoint does: run a command and answer what it wrote, read one, list a page. */
@ApplicationScoped
public class ResourceOperations {
    private final EventStore eventStore;
    private final ResourceRepository repository;
    private final ResourceCommandHandler handler;

    public ResourceOperations(EventStore eventStore, ResourceRepository repository, ResourceCommandHandler handler) {
        this.eventStore = eventStore;
        this.repository = repository;
        this.handler = handler;
    }

    /** Until token-service authenticates callers, writes are attributed to the system. */
    static CommandMetadata metadata(ContainerRequestContext request) {
        return new CommandMetadata(Principals.actor(request), RequestIds.of(request));
    }

    /** Runs {@code command}, then answers {@code status} with the resource as stored under {@code key}. */
    Uni<Response> writeResource(ResourceCommand command, ResourceRef ref, String key, int status,
                                ContainerRequestContext request) {
        return handler.run(command, metadata(request))
                .chain(result -> eventStore.inTransaction(session -> repository.find(session, command.workspaceId(), ref))
                        .map(row -> written(status, map(key, ResourceView.of(row, command.workspaceId())), result)));
    }

    /** Runs {@code command}, then answers 200 with the labels the resource carries. */
    Uni<Response> writeLabels(ResourceCommand command, ResourceRef ref, ContainerRequestContext request) {
        return handler.run(command, metadata(request))
                .chain(result -> eventStore.inTransaction(session -> repository.find(session, command.workspaceId(), ref))
                        .map(row -> written(200, map("labels", row.labels().stream().map(LabelView::of).toList()),
                                result)));
    }

    /** Runs {@code command}, then answers {@code status} with {@code {"status": <statusText>}}. */
    Uni<Response> writeStatus(ResourceCommand command, int status, String statusText, ContainerRequestContext request) {
        return handler.run(command, metadata(request)).map(result -> written(status, map("status", statusText), result));
    }

    Uni<AppendResult> run(ResourceCommand command, ContainerRequestContext request) {
        return handler.run(command, metadata(request));
    }

    /** {@code {"<key>": view}}, 404 naming the type's id field if the workspace has no such resource. */
    Uni<DataEnvelope<Map<String, Object>>> get(String workspaceId, ResourceRef ref, String key) {
        return eventStore.inTransaction(session -> repository.requireWorkspace(session, workspaceId)
                        .chain(() -> repository.find(session, workspaceId, ref))
                        .chain(row -> {
                            require(row, ref);
                            if (ref.type() != ResourceType.SOURCE) {
                                return Uni.createFrom().item(map(key, ResourceView.of(row, workspaceId)));
                            }
                            // Segment's getSource also tells the source's tracking plan (null if none).
                            return repository.trackingPlanOf(session, workspaceId, ref.id()).map(plan -> {
                                Map<String, Object> data = map(key, ResourceView.of(row, workspaceId));
                                data.put("trackingPlanId", plan);
                                return data;
                            });
                        }))
                .map(DataEnvelope::of);
    }

    /** The labels a resource carries. */
    Uni<DataEnvelope<Map<String, Object>>> labels(String workspaceId, ResourceRef ref) {
        return eventStore.inTransaction(session -> repository.requireWorkspace(session, workspaceId)
                        .chain(() -> repository.find(session, workspaceId, ref)))
                .map(row -> DataEnvelope.of(map("labels", require(row, ref).labels().stream().map(LabelView::of).toList())));
    }

    /**
     * A page of {@code type} as {@code {"<key>": [...], "pagination": ...}}; with a {@code related} resource
     * (the source of destinations, the warehouse of connected sources ...) that one must exist.
     */
    Uni<DataEnvelope<Map<String, Object>>> list(String workspaceId, ResourceType type, ResourceRepository.Filter filter,
                                                ResourceRef related, UriInfo uri, String key) {
        String listName = key + (related == null ? "" : "-of-" + related.id()) + "@" + workspaceId;
        Pagination pagination = Pagination.from(uri.getQueryParameters(), listName);
        return eventStore.inTransaction(session -> repository.requireWorkspace(session, workspaceId)
                        .chain(() -> related == null ? Uni.createFrom().voidItem()
                                : repository.find(session, workspaceId, related).invoke(row -> require(row, related))
                                .replaceWithVoid())
                        .chain(() -> repository.page(session, workspaceId, type, filter,
                                related == null ? null : related.id(), pagination.offset(), pagination.count())))
                .map(page -> {
                    List<ResourceView> views = page.resources().stream().map(r -> ResourceView.of(r, workspaceId)).toList();
                    Map<String, Object> data = map(key, views);
                    data.put("pagination", pagination.output((int) page.total()));
                    return DataEnvelope.of(data);
                });
    }

    static <T> T require(T found, ResourceRef ref) {
        if (found == null) {
            throw new DomainException(DomainException.Kind.NOT_FOUND, ResourceKinds.idField(ref.type()),
                    "No " + ResourceKinds.noun(ref.type()) + " " + ref.id() + " in this workspace");
        }
        return found;
    }

    static Map<String, Object> map(String key, Object value) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(key, value);
        return data;
    }

    /** The answer to a write: its data plus the consistency token, also in {@code X-Consistency-Token}. */
    static Response written(int status, Map<String, Object> data, AppendResult result) {
        String token = result.consistencyToken().encode();
        Map<String, Object> body = new LinkedHashMap<>(data);
        body.put("consistencyToken", token);
        return Response.status(status).entity(DataEnvelope.of(body)).header(ApiHeaders.CONSISTENCY_TOKEN, token).build();
    }
}
