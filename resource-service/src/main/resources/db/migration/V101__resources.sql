-- Resources, their labels and connections, kept in step with resource-service's event log in the same transaction.
CREATE TABLE resources (
    workspace_id     TEXT   NOT NULL REFERENCES workspaces (workspace_id),
    resource_id      TEXT   NOT NULL,
    type             TEXT   NOT NULL CHECK (type IN ('SOURCE', 'DESTINATION', 'WAREHOUSE', 'SPACE', 'TRACKING_PLAN', 'FUNCTION')),
    name             TEXT   NOT NULL,
    slug             TEXT   NOT NULL,
    parent_source_id TEXT,
    -- The position of the creation event: lists go in creation order, so new resources never shift a cursor.
    created_position BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, resource_id),
    CONSTRAINT resources_slug_unique UNIQUE (workspace_id, type, slug),
    FOREIGN KEY (workspace_id, parent_source_id) REFERENCES resources (workspace_id, resource_id)
);
CREATE INDEX resources_by_type ON resources (workspace_id, type, created_position);
CREATE INDEX resources_by_parent ON resources (workspace_id, parent_source_id) WHERE parent_source_id IS NOT NULL;

-- One value per key per resource is the primary key; a label's rename cascades here in the same statement.
CREATE TABLE resource_labels (
    workspace_id TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (workspace_id, resource_id, key),
    FOREIGN KEY (workspace_id, resource_id) REFERENCES resources (workspace_id, resource_id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, key, value) REFERENCES labels (workspace_id, key, value) ON UPDATE CASCADE
);
CREATE INDEX resource_labels_by_label ON resource_labels (workspace_id, key, value);

-- A source connected to a warehouse or a tracking plan (at most one tracking plan per source).
CREATE TABLE resource_connections (
    workspace_id TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    target_type  TEXT NOT NULL CHECK (target_type IN ('WAREHOUSE', 'TRACKING_PLAN')),
    PRIMARY KEY (workspace_id, target_id, source_id),
    FOREIGN KEY (workspace_id, source_id) REFERENCES resources (workspace_id, resource_id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, target_id) REFERENCES resources (workspace_id, resource_id) ON DELETE CASCADE
);
CREATE INDEX resource_connections_by_source ON resource_connections (workspace_id, source_id);
CREATE UNIQUE INDEX resource_connections_one_tracking_plan ON resource_connections (workspace_id, source_id)
    WHERE target_type = 'TRACKING_PLAN';

-- The labels that label-scoped grants of users, groups, invites and tokens use, learnt from identity-service's
-- and token-service's events (no foreign key: a grant may name a label deleted meanwhile, see the service page).
CREATE TABLE label_usages (
    workspace_id TEXT NOT NULL,
    subject_type TEXT NOT NULL CHECK (subject_type IN ('USER', 'GROUP', 'TOKEN', 'INVITE')),
    subject_id   TEXT NOT NULL,
    grant_key    TEXT NOT NULL,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (workspace_id, subject_type, subject_id, grant_key, key, value)
);
CREATE INDEX label_usages_by_label ON label_usages (workspace_id, key, value);

-- The last position applied per (writer service, workspace) of the events consumed from other services.
CREATE TABLE consumed_positions (
    source       TEXT   NOT NULL,
    workspace_id TEXT   NOT NULL,
    position     BIGINT NOT NULL,
    PRIMARY KEY (source, workspace_id)
);
