-- 01: the storage integration: Snowflake's identity for reading the path-record bucket.
-- Needs ACCOUNTADMIN (or a role with CREATE INTEGRATION).
--
-- Fill in from `terraform output` of deploy/terraform (first apply):
--   <snowflake_role_arn>     output snowflake_role_arn (the module creates the role when
--                            snowflake_external_id is set)
--   <snowflake_external_id>  the value you gave the module's snowflake_external_id
--   <records_s3_url>         output records_s3_url, e.g. s3://example-corp-image-path-records/path-records/
--
-- Then run DESC INTEGRATION below and set the module's snowflake_iam_user_arn to the value of
-- STORAGE_AWS_IAM_USER_ARN: until then the role does not trust Snowflake (README "Deploy").

USE ROLE ACCOUNTADMIN;

CREATE STORAGE INTEGRATION IF NOT EXISTS IMAGE_INGEST_S3
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = 'S3'
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = '<snowflake_role_arn>'
  STORAGE_AWS_EXTERNAL_ID = '<snowflake_external_id>'
  STORAGE_ALLOWED_LOCATIONS = ('<records_s3_url>');

GRANT USAGE ON INTEGRATION IMAGE_INGEST_S3 TO ROLE IMAGE_INGEST_LOADER;

-- STORAGE_AWS_IAM_USER_ARN -> terraform variable snowflake_iam_user_arn
DESC INTEGRATION IMAGE_INGEST_S3;
