-- 02: how the Firehose objects are read. Each object is JSON Lines: one path record per line,
-- exactly as the job's PathRecordJson writes it, GZIP-compressed by Firehose by default.

USE ROLE IMAGE_INGEST_LOADER;
USE SCHEMA IMAGES.PUBLIC;

CREATE FILE FORMAT IF NOT EXISTS PATH_RECORD_JSONL
  TYPE = JSON
  -- Firehose GZIP or UNCOMPRESSED, detected per file
  COMPRESSION = AUTO
  -- one object per line, no enclosing array
  STRIP_OUTER_ARRAY = FALSE
  -- processed_at is ISO 8601 in UTC as java.time.Instant prints it ("2026-11-03T04:05:06.789Z",
  -- "2026-11-03T04:05:06Z" when the milliseconds are 0); AUTO reads both. (For JSON this option
  -- applies exactly when loading with MATCH_BY_COLUMN_NAME, as the pipe does.)
  TIMESTAMP_FORMAT = AUTO
  IGNORE_UTF8_ERRORS = FALSE
  COMMENT = 'flink-image-ingest path records (JSONL)';
