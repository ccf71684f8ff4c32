-- The event log of one writer service. Versions 1-99 of the schema belong to platform/eventstore;
-- each service numbers its own migrations from 100.

-- One row per workspace: its last position. Upserting it locks the row until commit, which serialises the
-- writers of one workspace and makes positions gap-free and in commit order.
CREATE TABLE workspace_head (
    workspace_id TEXT PRIMARY KEY,
    position     BIGINT NOT NULL CHECK (position >= 0)
);

CREATE TABLE event_log (
    seq            BIGSERIAL PRIMARY KEY,
    event_id       UUID        NOT NULL UNIQUE,
    workspace_id   TEXT        NOT NULL,
    position       BIGINT      NOT NULL CHECK (position > 0),
    stream_id      TEXT        NOT NULL,
    stream_version BIGINT      NOT NULL CHECK (stream_version > 0),
    event_type     TEXT        NOT NULL,
    schema_version INT         NOT NULL,
    data           JSONB       NOT NULL,
    occurred_at    TIMESTAMPTZ NOT NULL,
    actor_type     TEXT        NOT NULL,
    actor_id       TEXT        NOT NULL,
    request_id     TEXT,
    published      BOOLEAN     NOT NULL DEFAULT FALSE,
    CONSTRAINT event_log_stream_version UNIQUE (stream_id, stream_version),
    CONSTRAINT event_log_workspace_position UNIQUE (workspace_id, position)
);

-- The relay's work queue: only unpublished rows, in insertion order.
CREATE INDEX event_log_unpublished ON event_log (seq) WHERE NOT published;
