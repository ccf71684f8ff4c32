-- Permissions (grants) of users and groups, and what identity-service knows exists in each workspace.

-- How far this service has applied resource-service's events of the workspace: a request carrying a
-- consistency token with resource=N waits until this reaches N before validating resources and labels.
ALTER TABLE workspaces ADD COLUMN resource_position BIGINT NOT NULL DEFAULT 0;

-- Resources announced by resource-service; deleted ones stay (flagged) so a late grant on one is refused.
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

-- One row per grant. labels: the grant's labels as sorted "key:value" joined by ","; '' for none (label keys
-- and values are letters, digits and hyphens only, so the encoding is unambiguous).
CREATE TABLE grants (
    workspace_id  TEXT NOT NULL,
    subject_type  TEXT NOT NULL CHECK (subject_type IN ('USER', 'GROUP')),
    subject_id    TEXT NOT NULL,
    role_id       TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    labels        TEXT NOT NULL DEFAULT '',
    seq           BIGSERIAL,
    PRIMARY KEY (workspace_id, subject_type, subject_id, role_id, resource_type, resource_id, labels)
);
