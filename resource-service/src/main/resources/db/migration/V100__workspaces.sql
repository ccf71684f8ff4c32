-- resource-service state, kept in step with its event log in the same transaction.
CREATE TABLE workspaces (
    workspace_id TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    slug         TEXT NOT NULL UNIQUE
);

CREATE TABLE labels (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id),
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    description  TEXT,
    PRIMARY KEY (workspace_id, key, value)
);
