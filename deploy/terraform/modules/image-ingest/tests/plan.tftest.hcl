# Offline plan tests for users who have Terraform (`terraform init && terraform test` in the module
# directory; no AWS account or credentials needed: the AWS provider is mocked). They exercise the
# variable validations, the preconditions and the optional parts. The project's CI checks the
# module without Terraform (TerraformModuleTest, Java); these complement it.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_region" {
    defaults = { name = "ap-northeast-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
}

variables {
  name                = "image-ingest"
  image_bucket_name   = "example-images"
  records_bucket_name = "example-records"
  jar_s3_bucket       = "example-artifacts"
  jar_s3_key          = "flink-image-ingest/flink-image-ingest-0.1.0.jar"
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_kinesisanalyticsv2_application.app.runtime_environment == "FLINK-1_20"
    error_message = "runtime must be FLINK-1_20"
  }
  assert {
    condition     = aws_sqs_queue.main.visibility_timeout_seconds == 600 && local.job_properties["sqs.visibility-timeout"] == "600s"
    error_message = "queue and job must share the visibility timeout"
  }
  assert {
    condition     = local.job_properties["job.checkpoint-interval"] == "10s" && aws_kinesisanalyticsv2_application.app.application_configuration[0].flink_application_configuration[0].checkpoint_configuration[0].checkpoint_interval == 10000
    error_message = "job and application must share the checkpoint interval"
  }
  assert {
    condition     = aws_kinesis_firehose_delivery_stream.records.extended_s3_configuration[0].prefix == "path-records/!{timestamp:yyyy/MM/dd/HH}/"
    error_message = "records land under path-records/yyyy/MM/dd/HH/"
  }
  assert {
    condition     = local.jar_key == "flink-image-ingest/flink-image-ingest-0.1.0.jar"
    error_message = "an existing jar is used under its own key"
  }
  assert {
    condition     = length(aws_s3_bucket_notification.snowpipe) == 0 && length(aws_iam_role.snowflake) == 0 && length(aws_s3_object.jar) == 0
    error_message = "optional parts are off by default"
  }
}

run "everything_on" {
  command = plan

  variables {
    kms_key_arn             = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    vpc_subnet_ids          = ["subnet-0123456789abcdef0"]
    vpc_security_group_ids  = ["sg-0123456789abcdef0"]
    snowflake_external_id   = "image-ingest-snowflake"
    snowflake_iam_user_arn  = "arn:aws:iam::999999999999:user/abc1-s-v2st1234"
    snowpipe_sqs_arn        = "arn:aws:sqs:ap-northeast-1:999999999999:sf-snowpipe-AIDAEXAMPLE"
    records_expiration_days = 365
    alarm_sns_topic_arn     = "arn:aws:sns:ap-northeast-1:123456789012:alarms"
    job_properties          = { "fetch.user-agent" = "example/1.0" }
  }

  assert {
    condition     = aws_s3_bucket_notification.snowpipe[0].queue[0].filter_prefix == "path-records/"
    error_message = "Snowpipe is notified for the records prefix only"
  }
  assert {
    condition     = local.job_properties["fetch.user-agent"] == "example/1.0" && local.job_properties["s3.key-prefix"] == "images"
    error_message = "extra job properties are merged with the managed ones"
  }
  assert {
    condition     = length(aws_kinesisanalyticsv2_application.app.application_configuration[0].vpc_configuration) == 1
    error_message = "VPC configuration is set"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq_depth.alarm_actions == toset(["arn:aws:sns:ap-northeast-1:123456789012:alarms"])
    error_message = "alarms notify the topic"
  }
}

run "visibility_shorter_than_checkpoint_plus_operator_timeout" {
  command = plan
  variables {
    visibility_timeout_seconds = 120
  }
  expect_failures = [aws_sqs_queue.main]
}

run "managed_job_property_refused" {
  command = plan
  variables {
    job_properties = { "s3.bucket" = "other" }
  }
  expect_failures = [aws_kinesisanalyticsv2_application.app]
}

run "subnets_need_security_groups" {
  command = plan
  variables {
    vpc_subnet_ids = ["subnet-0123456789abcdef0"]
  }
  expect_failures = [aws_kinesisanalyticsv2_application.app]
}

run "records_prefix_must_end_with_slash" {
  command = plan
  variables {
    records_prefix = "path-records"
  }
  expect_failures = [var.records_prefix]
}
