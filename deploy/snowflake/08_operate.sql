-- 08: after the second terraform apply (bucket notification in place): check, backfill, watch.

USE ROLE IMAGE_INGEST_LOADER;
USE SCHEMA IMAGES.PUBLIC;

-- executionState RUNNING, notificationChannelName = the ARN given to Terraform
SELECT SYSTEM$PIPE_STATUS('PATH_RECORD_PIPE');

-- Load objects Firehose wrote before the notification existed (last 7 days only; older ones with
-- COPY INTO IMAGE_PATH_RECORDS FROM @PATH_RECORD_STAGE ... as in 05_pipe.sql).
ALTER PIPE PATH_RECORD_PIPE REFRESH;

-- What was loaded in the last hour, and errors (Snowpipe skips a file with a bad line: SKIP_FILE)
SELECT file_name, row_count, row_parsed, status, first_error_message, last_load_time
FROM TABLE(INFORMATION_SCHEMA.COPY_HISTORY(
  TABLE_NAME => 'IMAGE_PATH_RECORDS', START_TIME => DATEADD(hour, -1, CURRENT_TIMESTAMP())))
ORDER BY last_load_time DESC;

-- Outcomes so far
SELECT status, COUNT(*) FROM IMAGE_PATH_RECORDS_DEDUP GROUP BY status ORDER BY 2 DESC;

-- Pause loading (maintenance) and resume:
--   ALTER PIPE PATH_RECORD_PIPE SET PIPE_EXECUTION_PAUSED = TRUE;
--   ALTER PIPE PATH_RECORD_PIPE SET PIPE_EXECUTION_PAUSED = FALSE;
