# The image-record queue the job reads, and its dead-letter queue.
#
# Visibility: the job receives with VisibilityTimeout = sqs.visibility-timeout (set below from the
# same variable as the queue's own default, 600 s = the job's default 10 min) and deletes a message
# only after the checkpoint covering it completes. A message is therefore invisible for at most
# about checkpoint interval (10 s) + fetch.operator-timeout (180 s) + back-pressure; a timeout
# shorter than the first two would hand messages still in flight to another reader (processed
# twice: harmless thanks to content keys and record ids, but wasted work). After a crash, messages
# received since the last checkpoint come back once the timeout expires, so do not make it hours.
#
# Dead-letter queue: the job sends its final failures there (dlq.queue-url; sqs:SendMessage is
# granted on the DLQ only): transient failures that ran out of retry_max_receives deliveries, and
# poison messages (received more often than that: earlier deliveries never finished). SQS's own
# redrive (max_receive_count, which must be higher) is the safety net behind it.

resource "aws_sqs_queue" "dlq" {
  name                      = local.dlq_name
  message_retention_seconds = var.message_retention_seconds

  sqs_managed_sse_enabled           = local.kms_enabled ? null : true
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = local.kms_enabled ? 3600 : null

  tags = var.tags
}

resource "aws_sqs_queue" "main" {
  name                       = local.queue_name
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  # Long polling by default; the job asks for sqs.wait-time (20 s) itself.
  receive_wait_time_seconds = 20

  sqs_managed_sse_enabled = local.kms_enabled ? null : true
  kms_master_key_id       = var.kms_key_arn
  # Reusing a data key for an hour keeps KMS calls (and cost) low at thousands of messages/s.
  kms_data_key_reuse_period_seconds = local.kms_enabled ? 3600 : null

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.visibility_timeout_seconds > var.checkpoint_interval_seconds + var.fetch_operator_timeout_seconds
      error_message = "visibility_timeout_seconds must exceed checkpoint_interval_seconds + fetch_operator_timeout_seconds, or messages still in flight are redelivered."
    }
    precondition {
      condition     = var.max_receive_count > var.retry_max_receives
      error_message = "max_receive_count (SQS redrive) must exceed retry_max_receives, or SQS moves messages to the dead-letter queue before the job has written their failure record."
    }
  }
}

# Only the main queue may redrive into the DLQ.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.main.arn]
  })
}
