-- Where the access-change feed's resume read may start when the projection starts from this snapshot
-- (docs/services/policy-service.md, "Snapshots"): every message before these offsets is of an event the snapshot
-- holds. NULL: read the feed topic from its beginning.
ALTER TABLE projection_snapshots ADD COLUMN feed_offsets JSONB;   -- {"<feed topic>": {"<partition>": <offset>}}
