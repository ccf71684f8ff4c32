package io.iamsuite.token.store;

import io.iamsuite.registry.ResourceRegistry;
import io.iamsuite.catalogue.KnownResources;
import io.iamsuite.catalogue.PermissionRequest;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.DomainException;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.auth.TokenDirectory;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.eventstore.AppendResult;
import io.iamsuite.eventstore.CommandMetadata;
import io.iamsuite.eventstore.EventStore;
import io.iamsuite.eventstore.StreamAppend;
import io.iamsuite.token.domain.TokenCommand;
import io.iamsuite.token.domain.TokenDecider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs token commands: one transaction of lock, read, decide, append, update the tokens table. */
@ApplicationScoped
public class TokenCommandHandler {
    /**
     * Advisory lock key of "a token is being issued": every issue holds it shared, bootstrap exclusively, so two
     * bootstraps (or a bootstrap and an issue in another workspace) cannot both see "no token yet".
     */
    private static final long ISSUE_LOCK = 0x70_6B_65_6EL;

    private final EventStore eventStore;
    private final TokenRepository tokens;
    private final ResourceRegistry registry;
    private final RoleCatalogue catalogue;

    private final TokenDirectory directory;

    public TokenCommandHandler(EventStore eventStore, TokenRepository tokens, ResourceRegistry registry,
                               RoleCatalogue catalogue, TokenDirectory directory) {
        this.eventStore = eventStore;
        this.directory = directory;
        this.tokens = tokens;
        this.registry = registry;
        this.catalogue = catalogue;
    }

    /** The token a command was about as stored after it ({@code null} for commands on many tokens), and the append. */
    public record Outcome(TokenRepository.TokenRow token, AppendResult append) {
    }

    public Uni<Outcome> handle(TokenCommand command, CommandMetadata metadata) {
        return run(command, false, metadata);
    }

    /** Issues the first token of the whole installation: refused (409) once any token exists in any workspace. */
    public Uni<Outcome> bootstrap(TokenCommand.Issue command, CommandMetadata metadata) {
        return run(command, true, metadata);
    }

    private Uni<Outcome> run(TokenCommand command, boolean bootstrap, CommandMetadata metadata) {
        String workspaceId = command.workspaceId();
        return eventStore.inTransaction(session -> guard(session, command, bootstrap)
                .chain(() -> eventStore.lockWorkspace(session, workspaceId))
                .chain(() -> registry.requireWorkspace(session, workspaceId))
                .chain(() -> load(session, command))
                .chain(loaded -> known(session, command).chain(known -> {
                    List<TokenEvent> events = TokenDecider.decide(command, loaded.tokens(), known, catalogue);
                    return eventStore.append(session, workspaceId, streams(workspaceId, events, loaded), metadata)
                            .call(result -> applyAll(session, result));
                }))
                .chain(result -> {
                    String tokenId = tokenIdOf(command);
                    return tokenId == null ? Uni.createFrom().item(new Outcome(null, result))
                            : tokens.find(session, workspaceId, tokenId).map(row -> new Outcome(row, result));
                }))
                // Committed: this service's own directory applies the events at once (a revocation holds here before
                // the answer leaves); the other services read them from Kafka, the same events again (idempotent).
                .invoke(outcome -> outcome.append().events().forEach(directory::apply));
    }

    private Uni<Void> guard(Mutiny.Session session, TokenCommand command, boolean bootstrap) {
        if (!(command instanceof TokenCommand.Issue)) {
            return Uni.createFrom().voidItem();
        }
        Uni<Long> locked = session.createNativeQuery("SELECT count(*) FROM (SELECT " + (bootstrap
                        ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared") + "(:key)) AS locked", Long.class)
                .setParameter("key", ISSUE_LOCK).getSingleResult();
        if (!bootstrap) {
            return locked.replaceWithVoid();
        }
        return locked.chain(() -> tokens.anyIssued(session)).invoke(any -> {
            if (any) {
                throw new DomainException(DomainException.Kind.CONFLICT, "bootstrap",
                        "This installation is bootstrapped already: a token exists. Ask an owner for a token");
            }
        }).replaceWithVoid();
    }

    private Uni<TokenRepository.Loaded> load(Mutiny.Session session, TokenCommand command) {
        String workspaceId = command.workspaceId();
        if (command instanceof TokenCommand.ExpireDue expire) {
            return tokens.loadDue(session, workspaceId, expire.now());
        }
        if (command instanceof TokenCommand.CreatorDeparted departed) {
            return tokens.loadCreatedBy(session, workspaceId, departed.userId());
        }
        return tokens.loadOne(session, workspaceId, tokenIdOf(command));
    }

    /** Only issuing and replacing permissions name resources; the others need no registry read. */
    private Uni<KnownResources> known(Mutiny.Session session, TokenCommand command) {
        List<PermissionRequest> permissions;
        if (command instanceof TokenCommand.Issue issue) {
            permissions = issue.permissions();
        } else if (command instanceof TokenCommand.ReplacePermissions replace) {
            permissions = replace.permissions();
        } else {
            return Uni.createFrom().item(KnownResources.none());
        }
        if (permissions.isEmpty()) {
            return Uni.createFrom().item(KnownResources.none());
        }
        List<ResourceRef> named = permissions.stream()
                .flatMap(p -> p.targets().stream())
                .filter(t -> t.type() != null && t.id() != null && t.type() != ResourceType.WORKSPACE)
                .map(t -> new ResourceRef(t.type(), t.id()))
                .distinct().toList();
        return registry.known(session, command.workspaceId(), named);
    }

    private static String tokenIdOf(TokenCommand command) {
        if (command instanceof TokenCommand.Issue c) {
            return c.tokenId();
        }
        if (command instanceof TokenCommand.Rotate c) {
            return c.tokenId();
        }
        if (command instanceof TokenCommand.ReplacePermissions c) {
            return c.tokenId();
        }
        if (command instanceof TokenCommand.Revoke c) {
            return c.tokenId();
        }
        return null;
    }

    /** One stream per token, appended at the version the decision was made on. */
    private static List<StreamAppend> streams(String workspaceId, List<TokenEvent> events, TokenRepository.Loaded loaded) {
        Map<String, List<TokenEvent>> byToken = new LinkedHashMap<>();
        for (TokenEvent event : events) {
            byToken.computeIfAbsent(event.tokenId(), id -> new ArrayList<>()).add(event);
        }
        List<StreamAppend> appends = new ArrayList<>();
        byToken.forEach((tokenId, streamEvents) -> appends.add(new StreamAppend(
                TokenDecider.streamId(workspaceId, tokenId), loaded.versionOf(tokenId), streamEvents)));
        return appends;
    }

    private Uni<Void> applyAll(Mutiny.Session session, AppendResult result) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var envelope : result.events()) {
            chain = chain.chain(() -> tokens.apply(session, envelope));
        }
        return chain;
    }
}
