-- User groups and their members, kept in step with identity-service's event log.
CREATE TABLE user_groups (
    workspace_id TEXT   NOT NULL,
    group_id     TEXT   NOT NULL,
    name         TEXT   NOT NULL,
    name_lower   TEXT   NOT NULL,
    version      BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, group_id),
    CONSTRAINT user_groups_name_unique UNIQUE (workspace_id, name_lower)
);

CREATE TABLE group_members (
    workspace_id TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    PRIMARY KEY (workspace_id, group_id, user_id),
    FOREIGN KEY (workspace_id, group_id) REFERENCES user_groups (workspace_id, group_id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, user_id) REFERENCES members (workspace_id, user_id) ON DELETE CASCADE
);

CREATE INDEX group_members_by_user ON group_members (workspace_id, user_id);
