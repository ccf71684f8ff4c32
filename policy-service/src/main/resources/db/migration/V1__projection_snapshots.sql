-- Snapshots of the in-memory projection (docs/services/policy-service.md, "Snapshots"): the whole state, compressed,
-- with the Kafka offsets it covers (per topic and partition, the next offset to read). The latest few are kept.
CREATE TABLE projection_snapshots (
    id       BIGSERIAL   PRIMARY KEY,
    taken_at TIMESTAMPTZ NOT NULL,
    offsets  JSONB       NOT NULL,   -- {"<topic>": {"<partition>": <next offset>}}
    state    BYTEA       NOT NULL,   -- gzip(magic, format version, projection, audit trail)
    size     BIGINT      NOT NULL,   -- bytes of state
    events   BIGINT      NOT NULL    -- events applied by the process when it was taken (informational)
);
