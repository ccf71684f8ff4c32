-- identity-service state, kept in step with its event log in the same transaction.

-- Workspaces this service knows exist (from resource-service's events).
CREATE TABLE workspaces (
    workspace_id TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    slug         TEXT NOT NULL
);

CREATE TABLE members (
    workspace_id TEXT    NOT NULL,
    user_id      TEXT    NOT NULL,
    email        TEXT    NOT NULL,
    email_lower  TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('OWNER', 'MEMBER')),
    version      BIGINT  NOT NULL,
    PRIMARY KEY (workspace_id, user_id),
    CONSTRAINT members_email_unique UNIQUE (workspace_id, email_lower)
);
