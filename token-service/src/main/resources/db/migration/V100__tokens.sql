-- token-service state, kept in step with its event log in the same transaction.

-- What token-service knows exists, from resource-service's events: tokens are issued in known workspaces and
-- their permissions name known resources and labels. resource_position: how far resource-service's events of
-- the workspace are applied here (a request carrying a consistency token waits for it).
CREATE TABLE workspaces (
    workspace_id      TEXT PRIMARY KEY,
    name              TEXT   NOT NULL,
    slug              TEXT   NOT NULL,
    resource_position BIGINT NOT NULL DEFAULT 0
);

-- Deleted resources stay (flagged) so a late grant on one is refused.
CREATE TABLE known_resources (
    workspace_id  TEXT    NOT NULL,
    resource_type TEXT    NOT NULL,
    resource_id   TEXT    NOT NULL,
    deleted       BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (workspace_id, resource_type, resource_id)
);

CREATE TABLE known_labels (
    workspace_id TEXT NOT NULL,
    label_key    TEXT NOT NULL,
    label_value  TEXT NOT NULL,
    PRIMARY KEY (workspace_id, label_key, label_value)
);

-- One row per token. Never a secret: only SHA-256 hashes of the current secret and of the one the last rotation
-- replaced (valid until previous_valid_until, exclusive). grants: the token's grants as JSON (the events' shape).
-- last_used_at is written in batches by TokenUsage, not by events.
CREATE TABLE tokens (
    workspace_id         TEXT        NOT NULL,
    token_id             TEXT        NOT NULL,
    description          TEXT        NOT NULL,
    access               TEXT        NOT NULL CHECK (access IN ('OWNER', 'MEMBER')),
    grants               TEXT        NOT NULL DEFAULT '[]',
    created_by           TEXT        NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    expires_at           TIMESTAMPTZ,
    status               TEXT        NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED', 'EXPIRED')),
    creator_departed     BOOLEAN     NOT NULL DEFAULT FALSE,
    secret_hash          TEXT        NOT NULL,
    previous_hash        TEXT,
    previous_valid_until TIMESTAMPTZ,
    last_used_at         TIMESTAMPTZ,
    version              BIGINT      NOT NULL,
    created_seq          BIGSERIAL,
    PRIMARY KEY (workspace_id, token_id)
);

CREATE UNIQUE INDEX tokens_secret_hash ON tokens (secret_hash);
CREATE INDEX tokens_previous_hash ON tokens (previous_hash) WHERE previous_hash IS NOT NULL;
CREATE INDEX tokens_listing ON tokens (workspace_id, created_seq);
CREATE INDEX tokens_due ON tokens (expires_at) WHERE status = 'ACTIVE' AND expires_at IS NOT NULL;
CREATE INDEX tokens_creator ON tokens (workspace_id, created_by) WHERE status = 'ACTIVE';
