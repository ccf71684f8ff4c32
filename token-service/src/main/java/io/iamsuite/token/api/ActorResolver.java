package io.iamsuite.token.api;

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

    public RequestActor resolve(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        if (header == null || header.isBlank()) {
            return new RequestActor(Actor.system().id(), Actor.system());
        }
        String id = header.trim();
        if (!ID.matcher(id).matches()) {
            throw ApiException.validation(HEADER, "must be a user id: 1-255 letters, digits, _ . : @ or -");
        }
        return new RequestActor(id, Actor.user(id));
    }
}
