# Example root: everything the job needs in one account and region, with an artifacts bucket for
# the jar and an SNS topic for the alarms. Copy this directory, fill terraform.tfvars (see
# terraform.tfvars.example) and run terraform init / plan / apply. README "Deploy" walks through
# the Snowflake steps between the applies.

resource "aws_s3_bucket" "artifacts" {
  bucket = var.artifacts_bucket_name
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Old jars stay available for a rollback (set jar_local_path to the old build and apply).
resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_sns_topic" "alarms" {
  name = "${var.name}-alarms"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

module "image_ingest" {
  source = "../../modules/image-ingest"

  name                = var.name
  image_bucket_name   = var.image_bucket_name
  records_bucket_name = var.records_bucket_name

  jar_s3_bucket  = aws_s3_bucket.artifacts.bucket
  jar_s3_key     = "flink-image-ingest/flink-image-ingest.jar"
  jar_local_path = var.jar_local_path

  parallelism         = 4
  parallelism_per_kpu = 2
  start_application   = var.start_application

  # Settings beyond the ones the module derives from its resources (README configuration table).
  job_properties = {
    "fetch.user-agent" = var.user_agent
    "fetch.capacity"   = "256"
  }

  vpc_subnet_ids         = var.vpc_subnet_ids
  vpc_security_group_ids = var.vpc_security_group_ids

  snowflake_external_id  = var.snowflake_external_id
  snowflake_iam_user_arn = var.snowflake_iam_user_arn
  snowpipe_sqs_arn       = var.snowpipe_sqs_arn

  alarm_sns_topic_arn = aws_sns_topic.alarms.arn
}
