# Outputs: what the enqueue/audit tools and the Snowflake SQL need.

output "queue_url" {
  description = "URL of the image-record queue (enqueue --queue-url)."
  value       = aws_sqs_queue.main.url
}

output "queue_arn" {
  description = "ARN of the image-record queue."
  value       = aws_sqs_queue.main.arn
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.url
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "image_bucket" {
  description = "Bucket holding the images."
  value       = aws_s3_bucket.images.bucket
}

output "records_bucket" {
  description = "Bucket holding the delivered path records."
  value       = aws_s3_bucket.records.bucket
}

output "records_s3_url" {
  description = "s3:// URL of the delivered path records: the Snowflake stage URL and STORAGE_ALLOWED_LOCATIONS entry, and audit --input."
  value       = "s3://${aws_s3_bucket.records.bucket}/${var.records_prefix}"
}

output "firehose_stream_name" {
  description = "Firehose delivery stream receiving the path records."
  value       = aws_kinesis_firehose_delivery_stream.records.name
}

output "application_name" {
  description = "Managed Flink application name (aws kinesisanalyticsv2 ... --application-name)."
  value       = aws_kinesisanalyticsv2_application.app.name
}

output "application_arn" {
  description = "Managed Flink application ARN."
  value       = aws_kinesisanalyticsv2_application.app.arn
}

output "application_version_id" {
  description = "Current application version; increases with every update."
  value       = aws_kinesisanalyticsv2_application.app.version_id
}

output "application_log_group" {
  description = "CloudWatch log group of the application."
  value       = aws_cloudwatch_log_group.app.name
}

output "app_role_arn" {
  description = "Service execution role of the application."
  value       = aws_iam_role.app.arn
}

output "firehose_role_arn" {
  description = "Role Firehose writes to the records bucket with."
  value       = aws_iam_role.firehose.arn
}

output "snowflake_role_arn" {
  description = "Role for STORAGE_AWS_ROLE_ARN in CREATE STORAGE INTEGRATION (null without snowflake_external_id)."
  value       = local.snowflake_role ? aws_iam_role.snowflake[0].arn : null
}

output "jar_s3_key" {
  description = "Key of the jar the application runs (with the content hash when uploaded by the module)."
  value       = local.jar_key
}

output "job_properties" {
  description = "The job settings in property group ImageIngest."
  value       = local.job_properties
}
