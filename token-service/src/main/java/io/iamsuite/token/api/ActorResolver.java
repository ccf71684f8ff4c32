package io.iamsuite.token.api;

import io.iamsuite.auth.Principals;
import io.iamsuite.events.Actor;
import io.iamsuite.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

import java.util.regex.Pattern;

/**
 * Who is asking, for {@code createdBy} and the events' actor. The one place that decides it: until platform/auth
 * authenticates callers, the {@code X-Iam-Actor} header (a user id) if present, else {@code system}; afterwards the
 * authenticated principal.
 */
@ApplicationScoped
public class ActorResolver {
    public static final String HEADER = "X-Iam-Actor";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,255}");

    /** {@code createdBy} as stored on a token, and the actor recorded on events. */
    public record RequestActor(String createdBy, Actor actor) {
    }

    /**
     * The events' actor is always the authenticated caller (a token, or the operator). {@code createdBy} is the
     * user the caller names in {@code X-Iam-Actor} (the person behind the request, as the platform's backend
     * knows them; it is what "creator departed" watches), else the caller's own id.
     */
    public RequestActor resolve(ContainerRequestContext request) {
        Actor caller = Principals.actor(request);
        String header = request.getHeaderString(HEADER);
        if (header == null || header.isBlank()) {
            return new RequestActor(caller.id(), caller);
        }
        String id = header.trim();
        if (!ID.matcher(id).matches()) {
            throw ApiException.validation(HEADER, "must be a user id: 1-255 letters, digits, _ . : @ or -");
        }
        return new RequestActor(id, caller);
    }
}
