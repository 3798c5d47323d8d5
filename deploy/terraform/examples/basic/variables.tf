variable "region" {
  description = "AWS region for everything (the Snowflake account should be in the same region for Snowpipe's S3 notifications)."
  type        = string
  default     = "ap-northeast-1"
}

variable "name" {
  description = "Name prefix of every resource."
  type        = string
  default     = "image-ingest"
}

variable "image_bucket_name" {
  description = "Globally unique name of the image bucket."
  type        = string
}

variable "records_bucket_name" {
  description = "Globally unique name of the path-record bucket."
  type        = string
}

variable "artifacts_bucket_name" {
  description = "Globally unique name of the bucket for the job jar (created here)."
  type        = string
}

variable "jar_local_path" {
  description = "Shaded job jar to upload (mvn -B package -DskipTests)."
  type        = string
  default     = "../../../../target/flink-image-ingest-0.1.0-SNAPSHOT.jar"
}

variable "user_agent" {
  description = "User-Agent the job sends to image hosts: name your company and a contact."
  type        = string
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic (confirm the subscription mail); null subscribes nobody."
  type        = string
  default     = null
}

variable "snowflake_external_id" {
  description = "External id you choose for the Snowflake storage integration (STORAGE_AWS_EXTERNAL_ID)."
  type        = string
  default     = "image-ingest-snowflake"
}

variable "snowflake_iam_user_arn" {
  description = "STORAGE_AWS_IAM_USER_ARN from DESC INTEGRATION (second apply)."
  type        = string
  default     = null
}

variable "snowpipe_sqs_arn" {
  description = "notification_channel of the pipe from SHOW PIPES (second apply)."
  type        = string
  default     = null
}

variable "start_application" {
  description = "false stops the application with a snapshot; true runs it."
  type        = bool
  default     = true
}

variable "vpc_subnet_ids" {
  description = "Private subnets (with a NAT gateway) to run the application in; empty runs it outside a VPC."
  type        = list(string)
  default     = []
}

variable "vpc_security_group_ids" {
  description = "Security groups for the application in the VPC."
  type        = list(string)
  default     = []
}
