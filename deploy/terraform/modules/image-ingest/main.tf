# image-ingest: the AWS side of flink-image-ingest on Amazon Managed Service for Apache Flink.
#
#   SQS queue (+ DLQ) -> Managed Flink application -> image bucket (content-addressed objects)
#                                                  -> Firehose -> records bucket (JSONL) -> Snowpipe
#
# Files: sqs.tf (queues), s3.tf (buckets), firehose.tf (delivery stream), iam.tf (roles),
# flink.tf (application, logs), snowflake.tf (Snowflake's role, bucket notification),
# alarms.tf (CloudWatch alarms). The Snowflake objects are SQL in deploy/snowflake/.
#
# The job's settings are passed as Managed Flink property group "ImageIngest" (the group whose
# keys the job reads verbatim, see ConfigLoader); TerraformModuleTest checks every key against the
# job's IngestOptions.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  queue_name      = "${var.name}-image-records"
  dlq_name        = "${var.name}-image-records-dlq"
  stream_name     = "${var.name}-path-records"
  app_name        = var.name
  app_log_group   = "/aws/kinesis-analytics/${var.name}"
  fh_log_group    = "/aws/kinesisfirehose/${var.name}-path-records"
  fh_log_stream   = "DestinationDelivery"
  alarm_actions   = var.alarm_sns_topic_arn == null ? [] : [var.alarm_sns_topic_arn]
  vpc_enabled     = length(var.vpc_subnet_ids) > 0
  kms_enabled     = var.kms_key_arn != null
  snowflake_role  = var.snowflake_external_id != null
  image_objects   = "${aws_s3_bucket.images.arn}/${var.image_key_prefix}/*"
  records_objects = "${aws_s3_bucket.records.arn}/${var.records_prefix}*"
  error_objects   = "${aws_s3_bucket.records.arn}/${var.firehose_error_prefix}*"

  # An uploaded jar gets its content hash in the key: a new build is a new key, which is what
  # makes Managed Flink pick it up (it does not notice a new object under an unchanged key).
  jar_key = var.jar_local_path == null ? var.jar_s3_key : "${trimsuffix(var.jar_s3_key, ".jar")}-${substr(filesha256(var.jar_local_path), 0, 16)}.jar"

  jar_object_arn = "arn:${local.partition}:s3:::${var.jar_s3_bucket}/${local.jar_key}"

  # Settings this module owns: derived from the resources it creates, so they cannot drift.
  # sqs.visibility-timeout, job.checkpoint-interval and fetch.operator-timeout come from the same
  # variables as the queue and the checkpoint configuration (see the precondition in sqs.tf).
  managed_job_properties = {
    "aws.region"               = local.region
    "sqs.queue-url"            = aws_sqs_queue.main.url
    "sqs.visibility-timeout"   = "${var.visibility_timeout_seconds}s"
    "dlq.queue-url"            = aws_sqs_queue.dlq.url
    "retry.max-receives"       = "${var.retry_max_receives}"
    "s3.bucket"                = aws_s3_bucket.images.bucket
    "s3.key-prefix"            = var.image_key_prefix
    "firehose.delivery-stream" = aws_kinesis_firehose_delivery_stream.records.name
    "job.checkpoint-interval"  = "${var.checkpoint_interval_seconds}s"
    "fetch.operator-timeout"   = "${var.fetch_operator_timeout_seconds}s"
  }

  job_properties = merge(local.managed_job_properties, var.job_properties)
}
