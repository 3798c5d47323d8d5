-- 05: the auto-ingest pipe. S3 announces each new Firehose object under the records prefix to the
-- pipe's queue (the Terraform module's bucket notification), and Snowpipe copies it into the table,
-- matching JSON field names to column names case-insensitively.
--
-- IF NOT EXISTS on purpose: re-creating a pipe forgets which files it loaded (duplicate rows on a
-- refresh; IMAGE_PATH_RECORDS_DEDUP hides them, but they cost).

USE ROLE IMAGE_INGEST_LOADER;
USE SCHEMA IMAGES.PUBLIC;

CREATE PIPE IF NOT EXISTS PATH_RECORD_PIPE
  AUTO_INGEST = TRUE
  COMMENT = 'Loads flink-image-ingest path records from Firehose'
  AS
  COPY INTO IMAGE_PATH_RECORDS
  FROM @PATH_RECORD_STAGE
  FILE_FORMAT = (FORMAT_NAME = 'PATH_RECORD_JSONL')
  MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;

-- notification_channel (an SQS ARN) -> terraform variable snowpipe_sqs_arn, then terraform apply.
SHOW PIPES LIKE 'PATH_RECORD_PIPE';
