package io.iamsuite.resource.store;

import io.iamsuite.events.DomainException;
import io.iamsuite.eventstore.AppendResult;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.eventstore.ExpectedVersion;
import io.iamsuite.eventstore.StreamAppend;
import io.iamsuite.resource.domain.CreateWorkspace;
import io.iamsuite.resource.domain.WorkspaceDecider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/** Runs workspace commands: one transaction of lock, read, decide, append, update state. */
@ApplicationScoped
public class WorkspaceCommandHandler {
    private final EventStore eventStore;
    private final ResourceRepository repository;

    public WorkspaceCommandHandler(EventStore eventStore, ResourceRepository repository) {
        this.eventStore = eventStore;
        this.repository = repository;
    }

    public record Created(WorkspaceRecord workspace, AppendResult append) {
    }

    public Uni<Created> create(CreateWorkspace command, CommandMetadata metadata) {
        return eventStore.inTransaction(session -> eventStore.lockWorkspace(session, command.workspaceId())
                .chain(() -> slugTaken(session, command.slug()))
                .map(taken -> WorkspaceDecider.decide(command, taken))
                .chain(events -> eventStore.append(session, command.workspaceId(),
                        new StreamAppend(WorkspaceDecider.streamId(command.workspaceId()), ExpectedVersion.NO_STREAM,
                                events), metadata))
                .chain(result -> apply(session, result).map(workspace -> new Created(workspace, result))))
                // Two creations racing for one slug: the unique constraint decides.
                .onFailure(e -> String.valueOf(e.getMessage()).contains("workspaces_slug_key")
                        || (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("workspaces_slug_key")))
                .transform(e -> new DomainException(DomainException.Kind.CONFLICT, "slug",
                        "A workspace with slug " + command.slug() + " already exists"));
    }

    public Uni<WorkspaceRecord> find(String workspaceId) {
        return eventStore.inTransaction(session -> session.find(WorkspaceRecord.class, workspaceId));
    }

    private Uni<Boolean> slugTaken(Mutiny.Session session, String slug) {
        return session.createNativeQuery("SELECT count(*) FROM workspaces WHERE slug = :slug", Long.class)
                .setParameter("slug", slug)
                .getSingleResult()
                .map(count -> count > 0);
    }

    private Uni<WorkspaceRecord> apply(Mutiny.Session session, AppendResult result) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var envelope : result.events()) {
            chain = chain.chain(() -> repository.apply(session, envelope));
        }
        return chain.chain(() -> session.find(WorkspaceRecord.class, result.events().get(0).workspaceId()));
    }
}
