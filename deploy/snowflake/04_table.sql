-- 04: one row per delivered path record. Column names and types match the JSON the job writes
-- (dev.imageingest.sink.PathRecordJson); SnowflakeSqlTest loads the job's own JSONL into an
-- embedded database created from this definition, so a renamed or retyped field fails a test.
-- Replays deliver a record again with the same record_id: read IMAGE_PATH_RECORDS_DEDUP.

USE ROLE IMAGE_INGEST_LOADER;
USE SCHEMA IMAGES.PUBLIC;

CREATE TABLE IF NOT EXISTS IMAGE_PATH_RECORDS (
  record_id     VARCHAR(32)      NOT NULL,  -- 32 hex digits, deterministic from (url, bukken_id, image_type)
  bukken_id     VARCHAR,                    -- always a JSON string: a numeric id as its digits ("12345"), a string id as sent ("00123")
  image_type    NUMBER(10, 0),
  url           VARCHAR,                    -- as the partner sent it (may contain Japanese)
  status        VARCHAR(32)      NOT NULL,  -- OK or a failure status (README "Statuses")
  s3_path       VARCHAR,                    -- s3://bucket/key, null on failure
  sha256        VARCHAR(64),
  content_type  VARCHAR(64),
  size_bytes    NUMBER(19, 0),
  width         NUMBER(10, 0),
  height        NUMBER(10, 0),
  http_status   NUMBER(5, 0),
  attempts      NUMBER(5, 0),
  error         VARCHAR,
  processed_at  TIMESTAMP_TZ(3)  NOT NULL   -- UTC, millisecond precision
);
