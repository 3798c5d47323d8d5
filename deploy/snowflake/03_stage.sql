-- 03: the external stage on the Firehose records prefix. The URL is the module's output
-- records_s3_url: the records bucket and records_prefix (default "path-records/"). Firehose's
-- error output lives under another prefix and is never loaded.

USE ROLE IMAGE_INGEST_LOADER;
USE SCHEMA IMAGES.PUBLIC;

CREATE STAGE IF NOT EXISTS PATH_RECORD_STAGE
  URL = 's3://<records_bucket>/path-records/'
  STORAGE_INTEGRATION = IMAGE_INGEST_S3
  FILE_FORMAT = PATH_RECORD_JSONL
  COMMENT = 'Firehose deliveries of flink-image-ingest path records';

-- Works once the role trusts Snowflake (second terraform apply with snowflake_iam_user_arn):
-- LIST @PATH_RECORD_STAGE;
