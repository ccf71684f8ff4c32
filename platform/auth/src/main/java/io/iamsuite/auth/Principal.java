package io.iamsuite.auth;

import io.iamsuite.events.Actor;
import io.iamsuite.events.Grant;
import io.iamsuite.events.TokenEvent;

import java.util.List;

/**
 * Who is calling. An API token is bound to one workspace and is an owner (may do everything there) or a member
 * with its own grants. The operator (the platform team's credential, {@code iam.auth.operator-secret-hash}) may
 * act in every workspace and create workspaces; it is for provisioning, not for tenants.
 */
public sealed interface Principal {
    Actor actor();

    /** The workspace the principal is bound to, or null for the operator. */
    String workspaceId();

    record Token(String workspaceId, String tokenId, TokenEvent.Access access, List<Grant> grants) implements Principal {
        public Token {
            grants = List.copyOf(grants);
        }

        @Override
        public Actor actor() {
            return Actor.token(tokenId);
        }

        public boolean owner() {
            return access == TokenEvent.Access.OWNER;
        }
    }

    record Operator() implements Principal {
        @Override
        public Actor actor() {
            return new Actor(Actor.Type.SYSTEM, "operator");
        }

        @Override
        public String workspaceId() {
            return null;
        }
    }
}
