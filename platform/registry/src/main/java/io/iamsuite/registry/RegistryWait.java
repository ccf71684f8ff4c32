package io.iamsuite.registry;

import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.EventSource;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The consistency-token bridge: with the token of a resource-service write in {@code X-Consistency-Token}, a
 * request waits (up to 5 s, else 503) until this service has applied resource-service's events up to that write,
 * so a workspace, resource or label created a moment ago is found.
 */
@ApplicationScoped
public class RegistryWait {
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final ResourceRegistry registry;

    public RegistryWait(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** Waits until resource-service's events up to the token's position are applied here (no token: at once). */
    public Uni<Void> await(String workspaceId, String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        ConsistencyToken decoded;
        try {
            decoded = ConsistencyToken.decode(token.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(ApiHeaders.CONSISTENCY_TOKEN, e.getMessage());
        }
        if (!decoded.workspaceId().equals(workspaceId)) {
            throw ApiException.validation(ApiHeaders.CONSISTENCY_TOKEN, "The token belongs to another workspace");
        }
        long wanted = decoded.position(EventSource.RESOURCE);
        if (wanted <= 0) {
            return Uni.createFrom().voidItem();
        }
        return poll(workspaceId, wanted, System.nanoTime() + MAX_WAIT.toNanos());
    }

    /**
     * A write's token widened to the resource events of the workspace this service had applied when it answered:
     * a write that names labels names them as this service knows them, after renames resource-service's topic may
     * not have brought to a reader yet; a reader at least as fresh as the token has those renames too.
     */
    public Uni<ConsistencyToken> covering(ConsistencyToken written) {
        return registry.position(written.workspaceId()).map(applied -> applied <= 0 ? written
                : written.combine(ConsistencyToken.of(written.workspaceId(), EventSource.RESOURCE, applied)));
    }

    private Uni<Void> poll(String workspaceId, long wanted, long deadline) {
        return registry.position(workspaceId).chain(applied -> {
            if (applied >= wanted) {
                return Uni.createFrom().voidItem();
            }
            if (System.nanoTime() > deadline) {
                return Uni.createFrom().failure(ApiException.unavailable("This service has applied resource"
                        + " events of this workspace up to position " + applied + ", the token asks for " + wanted
                        + "; retry shortly"));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(20))
                    .chain(() -> poll(workspaceId, wanted, deadline));
        });
    }
}
