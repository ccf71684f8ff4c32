package io.iamsuite.resource.api;

import io.iamsuite.auth.Requires;
import io.iamsuite.events.LabelRef;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.resource.domain.ResourceCommand;
import io.iamsuite.resource.store.ResourceRepository;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.iamsuite.rest.Pagination;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Map;

/** Segment's label operations (listLabels, createLabel, deleteLabel) and ours: rename a label. */
@Path("/workspaces/{workspaceId}/labels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class LabelResource {
    private final EventStore eventStore;
    private final ResourceRepository repository;
    private final ResourceOperations operations;

    public LabelResource(EventStore eventStore, ResourceRepository repository, ResourceOperations operations) {
        this.eventStore = eventStore;
        this.repository = repository;
        this.operations = operations;
    }

    /**
     * Every label of the workspace by key and value, as Segment answers; with {@code pagination.count} or
     * {@code pagination.cursor} (ours) one page and its {@code pagination}.
     */
    @Requires("workspace.read")
    @GET
    public Uni<DataEnvelope<Map<String, Object>>> listLabels(@PathParam("workspaceId") String workspaceId,
                                                             @Context UriInfo uri) {
        boolean paged = uri.getQueryParameters().keySet().stream().anyMatch(name -> name.startsWith("pagination"));
        Pagination pagination = paged ? Pagination.from(uri.getQueryParameters(), "labels@" + workspaceId) : null;
        return eventStore.inTransaction(session -> repository.requireWorkspace(session, workspaceId)
                        .chain(() -> repository.labels(session, workspaceId)))
                .map(rows -> {
                    List<LabelView> labels = rows.stream().map(LabelView::of).toList();
                    if (pagination == null) {
                        return DataEnvelope.of(ResourceOperations.map("labels", labels));
                    }
                    Pagination.Page<LabelView> page = pagination.slice(labels);
                    Map<String, Object> data = ResourceOperations.map("labels", page.items());
                    data.put("pagination", page.pagination());
                    return DataEnvelope.of(data);
                });
    }

    @Requires("workspace.labels.update")
    @POST
    public Uni<Response> createLabel(@PathParam("workspaceId") String workspaceId,
                                     @Valid @NotNull(message = "is required") ResourceRequests.CreateLabel body,
                                     @Context ContainerRequestContext request) {
        ResourceRequests.Label label = body.label();
        return operations.run(new ResourceCommand.CreateLabel(workspaceId, label.ref(), label.description()), request)
                .map(result -> ResourceOperations.written(201, ResourceOperations.map("label",
                        new LabelView(label.key(), label.value(), label.description())), result));
    }

    /** Refused with 409 naming where the label is used: on resources, or in permissions of users, groups, invites, tokens. */
    @Requires("workspace.labels.update")
    @DELETE
    @Path("/{key}/{value}")
    public Uni<Response> deleteLabel(@PathParam("workspaceId") String workspaceId, @PathParam("key") String key,
                                     @PathParam("value") String value, @Context ContainerRequestContext request) {
        return operations.writeStatus(new ResourceCommand.DeleteLabel(workspaceId, new LabelRef(key, value)), 200,
                "SUCCESS", request);
    }

    /** Ours: every resource and every grant carrying {@code key:value} carries the new label, in one event. */
    @Requires("workspace.labels.update")
    @POST
    @Path("/{key}/{value}/rename")
    public Uni<Response> renameLabel(@PathParam("workspaceId") String workspaceId, @PathParam("key") String key,
                                     @PathParam("value") String value,
                                     @Valid @NotNull(message = "is required") ResourceRequests.RenameLabel body,
                                     @Context ContainerRequestContext request) {
        LabelRef to = body.to().ref();
        return operations.run(new ResourceCommand.RenameLabel(workspaceId, new LabelRef(key, value), to), request)
                .chain(result -> eventStore.inTransaction(session -> repository.labels(session, workspaceId))
                        .map(rows -> rows.stream().filter(r -> r.key().equals(to.key()) && r.value().equals(to.value()))
                                .findFirst().map(LabelView::of).orElse(new LabelView(to.key(), to.value(), null)))
                        .map(view -> ResourceOperations.written(200, ResourceOperations.map("label", view), result)));
    }
}
