package io.iamsuite.policy.domain;

import io.iamsuite.events.MemberRole;
import io.iamsuite.events.Subject;

/** Answers checks from a read-only view of the projection. */
public final class Evaluator {
    private final Projection projection;

    public Evaluator(Projection projection) {
        this.projection = projection;
    }

    /** Owners can do everything in their workspace; members only what their grants allow. */
    public boolean check(CheckRequest request) {
        if (request.subject().type() == Subject.Type.USER) {
            return projection.memberRole(request.workspaceId(), request.subject().id())
                    .map(role -> role == MemberRole.OWNER)
                    .orElse(false);
        }
        return false;
    }
}
