# Firehose delivery stream: the job's sink (KinesisFirehoseSink, PutRecordBatch) -> JSONL objects
# in the records bucket, loaded by Snowpipe.
#
# Newline-delimited JSON: every record the job sends is one JSON object already ending in "\n"
# (PathRecordJson), and Firehose concatenates records unchanged, so an object is JSONL as is. Do
# not add Firehose's AppendDelimiterToRecord processor: it would double the newlines.
#
# Layout: <records_prefix>yyyy/MM/dd/HH/<stream>-<n>-<date>-<uuid>[.gz], hour folders in UTC. The
# records prefix is what the Snowflake stage and the Snowpipe notification point at; failed
# deliveries go to <firehose_error_prefix><error-type>/yyyy/MM/dd/HH/, outside it.
#
# Buffering: an object is written when the buffer reaches firehose_buffering_size_mb or after
# firehose_buffering_interval_seconds. Defaults (128 MiB / 60 s) give Snowpipe about one file per
# minute at low volume and large files at high volume: Snowpipe charges per file, so fewer, bigger
# files are cheaper, and 60 s keeps the load latency to about a minute.

resource "aws_cloudwatch_log_group" "firehose" {
  name              = local.fh_log_group
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_stream" "firehose" {
  name           = local.fh_log_stream
  log_group_name = aws_cloudwatch_log_group.firehose.name
}

resource "aws_kinesis_firehose_delivery_stream" "records" {
  name        = local.stream_name
  destination = "extended_s3"

  # Records at rest inside Firehose; the delivered objects are encrypted as configured below.
  server_side_encryption {
    enabled  = true
    key_type = "AWS_OWNED_CMK"
  }

  extended_s3_configuration {
    role_arn            = aws_iam_role.firehose.arn
    bucket_arn          = aws_s3_bucket.records.arn
    prefix              = "${var.records_prefix}!{timestamp:yyyy/MM/dd/HH}/"
    error_output_prefix = "${var.firehose_error_prefix}!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/"
    buffering_size      = var.firehose_buffering_size_mb
    buffering_interval  = var.firehose_buffering_interval_seconds
    compression_format  = var.firehose_compression
    kms_key_arn         = var.kms_key_arn
    s3_backup_mode      = "Disabled"

    cloudwatch_logging_options {
      enabled         = true
      log_group_name  = aws_cloudwatch_log_group.firehose.name
      log_stream_name = aws_cloudwatch_log_stream.firehose.name
    }
  }

  tags = var.tags

  # The role's policy must exist before Firehose validates access to the bucket.
  depends_on = [aws_iam_role_policy.firehose]
}
