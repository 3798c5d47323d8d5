-- 06: read views. Replays after a failover deliver the same record_id again; the deduplicated view
-- keeps the latest (processed_at) delivery of each record.
-- Plain SQL on purpose (QUALIFY and window functions only): SnowflakeSqlTest runs this file
-- unchanged on an embedded database against the job's own output.

USE ROLE IMAGE_INGEST_LOADER;
USE SCHEMA IMAGES.PUBLIC;

-- One row per record_id: the latest outcome of each input message.
CREATE OR REPLACE VIEW IMAGE_PATH_RECORDS_DEDUP AS
SELECT record_id, bukken_id, image_type, url, status, s3_path, sha256, content_type, size_bytes,
       width, height, http_status, attempts, error, processed_at
FROM IMAGE_PATH_RECORDS
QUALIFY ROW_NUMBER() OVER (PARTITION BY record_id ORDER BY processed_at DESC) = 1;

-- The most recently stored image of each listing (bukken_id) and image type; OK records only, so a
-- later failure (a URL that went 404) does not hide the image already stored.
CREATE OR REPLACE VIEW LATEST_IMAGE_PER_BUKKEN AS
SELECT bukken_id, image_type, url, s3_path, sha256, content_type, size_bytes, width, height,
       record_id, processed_at
FROM IMAGE_PATH_RECORDS
WHERE status = 'OK'
QUALIFY ROW_NUMBER() OVER (PARTITION BY bukken_id, image_type ORDER BY processed_at DESC, record_id) = 1;
