# Inputs of the image-ingest module. Required inputs have no default; everything else is sized for
# the job's own defaults (see the configuration table in README.md).

# ---------------------------------------------------------------------------------------- general

variable "name" {
  description = "Prefix for every resource name (queue, stream, roles, application, alarms). Lower case letters, digits and dashes."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 characters of a-z, 0-9 and '-', starting with a letter."
  }
}

variable "tags" {
  description = "Tags added to every resource that supports them."
  type        = map(string)
  default     = {}
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the queues, both buckets and the Firehose output. null uses AWS managed encryption (SQS-managed SSE, SSE-S3). With a key, the roles get kms:Decrypt/kms:GenerateDataKey on this key only; its key policy must delegate to IAM (the default key policy does)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:...)."
  }
}

# ------------------------------------------------------------------------------------------- SQS

variable "visibility_timeout_seconds" {
  description = "Visibility timeout of the image-record queue, also passed to the job as sqs.visibility-timeout (the job requests it on every receive). Must exceed checkpoint_interval_seconds + fetch_operator_timeout_seconds: a message is deleted only after the checkpoint covering it completes, so a shorter timeout redelivers messages that are still in flight."
  type        = number
  default     = 600

  validation {
    condition     = var.visibility_timeout_seconds >= 30 && var.visibility_timeout_seconds <= 43200
    error_message = "visibility_timeout_seconds must be between 30 and 43200 (12 hours, the SQS maximum)."
  }
}

variable "max_receive_count" {
  description = "Receives after which SQS itself moves a message to the dead-letter queue (its redrive policy): a safety net behind the job's own limit, so it must exceed retry_max_receives. The job dead-letters a message at retry_max_receives and treats a message received more often as poison, so with this higher value SQS moves only messages the job never got to answer."
  type        = number
  default     = 10

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "retry_max_receives" {
  description = "Job setting retry.max-receives: deliveries a message gets for transient failures (partner 5xx/429/timeouts, S3 outages) before the job writes its failure record and sends it to the dead-letter queue. Between deliveries the job hands the message back with an exponential backoff (retry.initial-backoff 1 min doubling up to retry.max-backoff 1 h): 8 receives cover outages of about 2 hours."
  type        = number
  default     = 8

  validation {
    condition     = var.retry_max_receives >= 1 && var.retry_max_receives <= 100
    error_message = "retry_max_receives must be between 1 and 100."
  }
}

variable "message_retention_seconds" {
  description = "How long both queues keep a message. The dead-letter queue uses the same value: SQS keeps a message's original enqueue time when it moves it, so the DLQ must not be shorter."
  type        = number
  default     = 1209600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

# --------------------------------------------------------------------------------------- buckets

variable "image_bucket_name" {
  description = "Name of the bucket the job writes images to (created by this module)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.image_bucket_name))
    error_message = "image_bucket_name must be a valid S3 bucket name."
  }
}

variable "image_key_prefix" {
  description = "Key prefix of the images (job setting s3.key-prefix); the job may only write below it."
  type        = string
  default     = "images"

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*$", var.image_key_prefix))
    error_message = "image_key_prefix must be non-empty, without leading or trailing '/'."
  }
}

variable "records_bucket_name" {
  description = "Name of the bucket Firehose delivers the JSONL path records to (created by this module); Snowpipe loads from it."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.records_bucket_name))
    error_message = "records_bucket_name must be a valid S3 bucket name."
  }
}

variable "records_prefix" {
  description = "Prefix of the delivered path records, ending in '/'. Objects land at <prefix>yyyy/MM/dd/HH/; the Snowflake stage and the Snowpipe notification use exactly this prefix."
  type        = string
  default     = "path-records/"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/$", var.records_prefix))
    error_message = "records_prefix must be non-empty, end with '/' and not start with '/'."
  }
}

variable "firehose_error_prefix" {
  description = "Prefix for records Firehose could not deliver, ending in '/'. Kept apart from records_prefix so Snowpipe never loads them."
  type        = string
  default     = "firehose-errors/"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/$", var.firehose_error_prefix))
    error_message = "firehose_error_prefix must be non-empty, end with '/' and not start with '/'."
  }
}

variable "firehose_error_expiration_days" {
  description = "Days after which objects under firehose_error_prefix expire (inspect and re-drive them before)."
  type        = number
  default     = 30

  validation {
    condition     = var.firehose_error_expiration_days >= 1
    error_message = "firehose_error_expiration_days must be at least 1."
  }
}

variable "records_expiration_days" {
  description = "Days after which delivered path-record objects expire; null keeps them (Snowflake holds the loaded copy, the audit tool reads the objects)."
  type        = number
  default     = null

  validation {
    condition     = var.records_expiration_days == null || try(var.records_expiration_days >= 1, false)
    error_message = "records_expiration_days must be null or at least 1."
  }
}

variable "force_destroy_buckets" {
  description = "Allow terraform destroy to delete non-empty buckets. Leave false outside test accounts."
  type        = bool
  default     = false
}

# -------------------------------------------------------------------------------------- Firehose

variable "firehose_buffering_size_mb" {
  description = "Firehose buffer size in MiB before an object is written (1-128). Snowpipe bills per file and loads best from files of tens of MB, so buffer as much as the interval allows."
  type        = number
  default     = 128

  validation {
    condition     = var.firehose_buffering_size_mb >= 1 && var.firehose_buffering_size_mb <= 128
    error_message = "firehose_buffering_size_mb must be between 1 and 128."
  }
}

variable "firehose_buffering_interval_seconds" {
  description = "Longest Firehose waits before writing an object (0-900). 60 s gives Snowflake a file about once a minute per stream, the cadence Snowflake recommends for Snowpipe, and bounds the load latency."
  type        = number
  default     = 60

  validation {
    condition     = var.firehose_buffering_interval_seconds >= 0 && var.firehose_buffering_interval_seconds <= 900
    error_message = "firehose_buffering_interval_seconds must be between 0 and 900."
  }
}

variable "firehose_compression" {
  description = "Compression of delivered objects: GZIP (default; Snowflake and the audit tool detect it) or UNCOMPRESSED."
  type        = string
  default     = "GZIP"

  validation {
    condition     = contains(["GZIP", "UNCOMPRESSED"], var.firehose_compression)
    error_message = "firehose_compression must be GZIP or UNCOMPRESSED."
  }
}

# --------------------------------------------------------------------------- Managed Flink (jar)

variable "jar_s3_bucket" {
  description = "Existing bucket holding the job jar (an artifacts bucket; not created here)."
  type        = string
}

variable "jar_s3_key" {
  description = "Key of the job jar. With jar_local_path set, the uploaded key is this key with the first 16 hex digits of the jar's SHA-256 before '.jar', so every new build is a new key and Managed Flink updates the application."
  type        = string

  validation {
    condition     = endswith(var.jar_s3_key, ".jar") && !startswith(var.jar_s3_key, "/")
    error_message = "jar_s3_key must end with .jar and not start with '/'."
  }
}

variable "jar_local_path" {
  description = "Local path of the shaded jar (target/flink-image-ingest-*.jar) to upload; null uses an object already at jar_s3_bucket/jar_s3_key."
  type        = string
  default     = null
}

variable "jar_s3_object_version" {
  description = "Object version of an existing jar (versioned bucket, jar_local_path null). Changing it makes Managed Flink load that version."
  type        = string
  default     = null
}

# ---------------------------------------------------------------------------- Managed Flink (run)

variable "parallelism" {
  description = "Initial parallelism: SQS readers, fetch and sink subtasks."
  type        = number
  default     = 2

  validation {
    condition     = var.parallelism >= 1 && var.parallelism <= 1000
    error_message = "parallelism must be between 1 and 1000."
  }
}

variable "parallelism_per_kpu" {
  description = "Subtasks per KPU (1 vCPU, 4 GB). The job mostly waits on the network, so 2-4 per KPU is usually right; each fetch subtask needs its fetch.in-flight-bytes budget (256 MB by default) on the heap, which caps this."
  type        = number
  default     = 2

  validation {
    condition     = var.parallelism_per_kpu >= 1 && var.parallelism_per_kpu <= 8
    error_message = "parallelism_per_kpu must be between 1 and 8."
  }
}

variable "autoscaling_enabled" {
  description = "Let Managed Flink change the parallelism on CPU load. Every rescale is a snapshot and restart; the SQS source rescales freely (readers share the queue)."
  type        = bool
  default     = false
}

variable "checkpoint_interval_seconds" {
  description = "Checkpoint interval. SQS messages are deleted only when the checkpoint covering them completes, so this bounds how long a processed message stays in flight (SQS allows about 120,000 in-flight messages per queue). Also passed to the job as job.checkpoint-interval so its start-up check uses the interval in force."
  type        = number
  default     = 10

  validation {
    condition     = var.checkpoint_interval_seconds >= 1 && var.checkpoint_interval_seconds <= 600
    error_message = "checkpoint_interval_seconds must be between 1 and 600."
  }
}

variable "min_pause_between_checkpoints_seconds" {
  description = "Minimum pause between the end of one checkpoint and the start of the next."
  type        = number
  default     = 5

  validation {
    condition     = var.min_pause_between_checkpoints_seconds >= 0
    error_message = "min_pause_between_checkpoints_seconds must not be negative."
  }
}

variable "fetch_operator_timeout_seconds" {
  description = "Async timeout per image (job setting fetch.operator-timeout); part of the visibility timeout check."
  type        = number
  default     = 180

  validation {
    condition     = var.fetch_operator_timeout_seconds > 60
    error_message = "fetch_operator_timeout_seconds must exceed the job's fetch.total-timeout (60 s by default)."
  }
}

variable "job_properties" {
  description = "Further job settings for property group ImageIngest (keys from the README configuration table, e.g. fetch.user-agent, fetch.capacity). The keys this module sets itself are refused here; unknown keys stop the job at start-up."
  type        = map(string)
  default     = {}
}

variable "start_application" {
  description = "Run the application. Setting false stops it with a snapshot (never force-stopped); true starts it again from the restore configuration."
  type        = bool
  default     = true
}

variable "snapshots_enabled" {
  description = "Take a snapshot on every stop and update, and allow restoring from snapshots. Keep true: without a snapshot, records held in Flink state when the job stops are lost."
  type        = bool
  default     = true
}

variable "restore_type" {
  description = "How a (re)start restores state: RESTORE_FROM_LATEST_SNAPSHOT (default), RESTORE_FROM_CUSTOM_SNAPSHOT (with restore_snapshot_name) or SKIP_RESTORE_FROM_SNAPSHOT (fresh start)."
  type        = string
  default     = "RESTORE_FROM_LATEST_SNAPSHOT"

  validation {
    condition     = contains(["RESTORE_FROM_LATEST_SNAPSHOT", "RESTORE_FROM_CUSTOM_SNAPSHOT", "SKIP_RESTORE_FROM_SNAPSHOT"], var.restore_type)
    error_message = "restore_type must be RESTORE_FROM_LATEST_SNAPSHOT, RESTORE_FROM_CUSTOM_SNAPSHOT or SKIP_RESTORE_FROM_SNAPSHOT."
  }
}

variable "restore_snapshot_name" {
  description = "Snapshot to restore with restore_type RESTORE_FROM_CUSTOM_SNAPSHOT."
  type        = string
  default     = null
}

variable "allow_non_restored_state" {
  description = "Let a restore skip state that no operator of the new jar claims. Keep false: the job's operators have stable uids, and skipped state is lost records."
  type        = bool
  default     = false
}

variable "log_level" {
  description = "Managed Flink log level (INFO is what AWS recommends; Flink logs some failures at INFO)."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "metrics_level" {
  description = "Managed Flink metrics level. TASK publishes per-task metrics, including the job's status.<STATUS> and sqs counters."
  type        = string
  default     = "TASK"

  validation {
    condition     = contains(["APPLICATION", "TASK", "OPERATOR", "PARALLELISM"], var.metrics_level)
    error_message = "metrics_level must be APPLICATION, TASK, OPERATOR or PARALLELISM."
  }
}

variable "log_retention_days" {
  description = "Retention of the application and Firehose log groups."
  type        = number
  default     = 30
}

variable "vpc_subnet_ids" {
  description = "Private subnets for the application, to reach image hosts from your VPC (egress through a NAT gateway, so partners see your fixed IPs). They also need routes to SQS, S3, Firehose and CloudWatch (NAT or VPC endpoints). Empty runs the application outside a VPC, with internet access."
  type        = list(string)
  default     = []
}

variable "vpc_security_group_ids" {
  description = "Security groups for the application's network interfaces (outbound 80/443 is all the job needs). Required with vpc_subnet_ids."
  type        = list(string)
  default     = []
}

# -------------------------------------------------------------------------------------- Snowflake

variable "snowflake_external_id" {
  description = "External id of the Snowflake storage integration (STORAGE_AWS_EXTERNAL_ID, chosen by you). When set, the module creates the IAM role Snowflake assumes to read the path records; null creates no role."
  type        = string
  default     = null

  validation {
    condition     = var.snowflake_external_id == null || try(length(var.snowflake_external_id) >= 2 && length(var.snowflake_external_id) <= 1224 && can(regex("^[A-Za-z0-9+=,.@:/_-]+$", var.snowflake_external_id)), false)
    error_message = "snowflake_external_id must be 2-1224 characters of A-Za-z0-9+=,.@:/_-."
  }
}

variable "snowflake_iam_user_arn" {
  description = "STORAGE_AWS_IAM_USER_ARN from DESC INTEGRATION in Snowflake. Until it is set the role trusts only this account (a placeholder), so Snowflake cannot assume it yet."
  type        = string
  default     = null

  validation {
    condition     = var.snowflake_iam_user_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:user/", var.snowflake_iam_user_arn))
    error_message = "snowflake_iam_user_arn must be an IAM user ARN (arn:aws:iam::123456789012:user/...)."
  }
}

variable "snowpipe_sqs_arn" {
  description = "notification_channel of the auto-ingest pipe (SHOW PIPES in Snowflake). When set, new objects under records_prefix are announced to that queue; null adds no notification. The bucket can have only one notification configuration, which this module then owns."
  type        = string
  default     = null

  validation {
    condition     = var.snowpipe_sqs_arn == null || can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:", var.snowpipe_sqs_arn))
    error_message = "snowpipe_sqs_arn must be an SQS queue ARN (arn:aws:sqs:region:account:name)."
  }
}

# ----------------------------------------------------------------------------------------- alarms

variable "alarm_sns_topic_arn" {
  description = "SNS topic notified when an alarm fires or clears; null creates the alarms without actions."
  type        = string
  default     = null
}

variable "queue_age_alarm_seconds" {
  description = "Alarm when the oldest message in the image-record queue is older than this. During a large backfill the age grows by design; raise it for the backfill."
  type        = number
  default     = 3600
}

variable "firehose_freshness_alarm_seconds" {
  description = "Alarm when the oldest record inside Firehose is older than this (normally about the buffering interval)."
  type        = number
  default     = 900
}
