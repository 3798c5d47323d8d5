output "queue_url" {
  description = "enqueue --queue-url"
  value       = module.image_ingest.queue_url
}

output "dlq_url" {
  description = "Dead-letter queue URL."
  value       = module.image_ingest.dlq_url
}

output "records_s3_url" {
  description = "Snowflake stage URL / STORAGE_ALLOWED_LOCATIONS, and audit --input."
  value       = module.image_ingest.records_s3_url
}

output "snowflake_role_arn" {
  description = "STORAGE_AWS_ROLE_ARN for CREATE STORAGE INTEGRATION."
  value       = module.image_ingest.snowflake_role_arn
}

output "application_name" {
  description = "Managed Flink application name."
  value       = module.image_ingest.application_name
}

output "jar_s3_key" {
  description = "Jar the application runs."
  value       = module.image_ingest.jar_s3_key
}
