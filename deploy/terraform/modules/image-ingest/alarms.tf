# CloudWatch alarms, notifying var.alarm_sns_topic_arn (when set) on ALARM and on OK.
# Missing data is "not breaching" everywhere: a stopped application or an idle stream publishes no
# data points, which is not a failure.

# Work is waiting too long: the job is down, too slow, or stuck behind back-pressure.
resource "aws_cloudwatch_metric_alarm" "queue_age" {
  alarm_name          = "${var.name}-queue-oldest-message-age"
  alarm_description   = "Oldest image record in ${local.queue_name} is older than ${var.queue_age_alarm_seconds} s."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.main.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 3
  threshold           = var.queue_age_alarm_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# Anything in the dead-letter queue needs a person: a poison message or final failures to re-drive.
resource "aws_cloudwatch_metric_alarm" "dlq_depth" {
  alarm_name          = "${var.name}-dlq-not-empty"
  alarm_description   = "Messages are waiting in ${local.dlq_name}; inspect them and re-drive (README: dead-letter queue)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dlq.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# Firehose failed to write to S3 (permissions, KMS, bucket policy): records pile up and, after
# Firehose's 24-hour retry window, land under the error prefix instead of reaching Snowflake.
resource "aws_cloudwatch_metric_alarm" "firehose_delivery" {
  alarm_name          = "${var.name}-firehose-s3-delivery-failing"
  alarm_description   = "Firehose ${local.stream_name} failed deliveries to S3 (DeliveryToS3.Success < 1); see ${local.fh_log_group}."
  namespace           = "AWS/Firehose"
  metric_name         = "DeliveryToS3.Success"
  dimensions          = { DeliveryStreamName = aws_kinesis_firehose_delivery_stream.records.name }
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "firehose_freshness" {
  alarm_name          = "${var.name}-firehose-data-freshness"
  alarm_description   = "Oldest record in Firehose ${local.stream_name} is older than ${var.firehose_freshness_alarm_seconds} s."
  namespace           = "AWS/Firehose"
  metric_name         = "DeliveryToS3.DataFreshness"
  dimensions          = { DeliveryStreamName = aws_kinesis_firehose_delivery_stream.records.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.firehose_freshness_alarm_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# The Flink job is not running while the application is (failing, restarting).
resource "aws_cloudwatch_metric_alarm" "app_downtime" {
  alarm_name          = "${var.name}-flink-downtime"
  alarm_description   = "Managed Flink application ${local.app_name} reports downtime; see ${local.app_log_group}."
  namespace           = "AWS/KinesisAnalytics"
  metric_name         = "downtime"
  dimensions          = { Application = aws_kinesisanalyticsv2_application.app.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# fullRestarts counts restarts since the job started; any increase is a failover (crash, lost
# TaskManager, failed checkpoint limit). RATE() turns the counter into "restarted in this period".
resource "aws_cloudwatch_metric_alarm" "app_restarts" {
  alarm_name          = "${var.name}-flink-full-restarts"
  alarm_description   = "Managed Flink application ${local.app_name} restarted (fullRestarts increased)."
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags

  metric_query {
    id          = "restarts"
    expression  = "RATE(full_restarts)"
    label       = "fullRestarts per second"
    return_data = true
  }

  metric_query {
    id = "full_restarts"
    metric {
      namespace   = "AWS/KinesisAnalytics"
      metric_name = "fullRestarts"
      dimensions  = { Application = aws_kinesisanalyticsv2_application.app.name }
      stat        = "Maximum"
      period      = 300
    }
  }
}

# SQS messages are deleted only when a checkpoint completes: failing checkpoints mean messages
# stay in flight and come back as duplicates.
resource "aws_cloudwatch_metric_alarm" "app_failed_checkpoints" {
  alarm_name          = "${var.name}-flink-failed-checkpoints"
  alarm_description   = "Managed Flink application ${local.app_name} has failing checkpoints (numberOfFailedCheckpoints increased)."
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags

  metric_query {
    id          = "failures"
    expression  = "RATE(failed_checkpoints)"
    label       = "failed checkpoints per second"
    return_data = true
  }

  metric_query {
    id = "failed_checkpoints"
    metric {
      namespace   = "AWS/KinesisAnalytics"
      metric_name = "numberOfFailedCheckpoints"
      dimensions  = { Application = aws_kinesisanalyticsv2_application.app.name }
      stat        = "Maximum"
      period      = 300
    }
  }
}
