-- Invites and the groups holding them, kept in step with identity-service's event log.
CREATE TABLE invites (
    workspace_id TEXT        NOT NULL,
    invite_id    TEXT        NOT NULL,
    email        TEXT        NOT NULL,
    email_lower  TEXT        NOT NULL,
    grants       TEXT        NOT NULL,   -- JSON array of grants (Workspace Owner included when invited as owner)
    status       TEXT        NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'REVOKED', 'EXPIRED')),
    expires_at   TIMESTAMPTZ NOT NULL,
    created_seq  BIGSERIAL,
    version      BIGINT      NOT NULL,
    PRIMARY KEY (workspace_id, invite_id)
);

-- At most one open invite per email and workspace.
CREATE UNIQUE INDEX invites_open_email ON invites (workspace_id, email_lower) WHERE status = 'PENDING';
-- The expiry sweeper's query.
CREATE INDEX invites_due ON invites (expires_at) WHERE status = 'PENDING';

CREATE TABLE group_invites (
    workspace_id TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    invite_id    TEXT NOT NULL,
    PRIMARY KEY (workspace_id, group_id, invite_id),
    FOREIGN KEY (workspace_id, group_id) REFERENCES user_groups (workspace_id, group_id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, invite_id) REFERENCES invites (workspace_id, invite_id) ON DELETE CASCADE
);
