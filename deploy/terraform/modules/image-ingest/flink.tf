# The Managed Flink application (Flink 1.20 runtime, Java 11) running the job jar.
#
# Lifecycle, all through this resource:
# - upgrade: a new jar (new key) or changed settings -> UpdateApplication. A running application
#   takes a snapshot, stops, and restarts from that snapshot with the new code/settings.
# - stop: start_application = false -> StopApplication without force, which takes a snapshot
#   first (force_stop stays false: a forced stop takes none, and records held in Flink state
#   after their SQS messages were deleted would be lost).
# - resume: start_application = true -> starts from restore_type (latest snapshot by default).
# Managed Flink applies its own checkpoint configuration (below); the job enables checkpointing
# itself only where nothing else has.

resource "aws_cloudwatch_log_group" "app" {
  name              = local.app_log_group
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_stream" "app" {
  name           = "kinesis-analytics-log-stream"
  log_group_name = aws_cloudwatch_log_group.app.name
}

resource "aws_s3_object" "jar" {
  count = var.jar_local_path == null ? 0 : 1

  bucket      = var.jar_s3_bucket
  key         = local.jar_key
  source      = var.jar_local_path
  source_hash = filemd5(var.jar_local_path)
  tags        = var.tags

  # A new build is a new key: upload it and update the application before the old object goes.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_kinesisanalyticsv2_application" "app" {
  name                   = local.app_name
  description            = "flink-image-ingest: SQS image records -> S3 images + Firehose path records"
  runtime_environment    = "FLINK-1_20"
  service_execution_role = aws_iam_role.app.arn
  start_application      = var.start_application
  force_stop             = false

  application_configuration {
    application_code_configuration {
      code_content_type = "ZIPFILE"
      code_content {
        s3_content_location {
          bucket_arn     = "arn:${local.partition}:s3:::${var.jar_s3_bucket}"
          file_key       = local.jar_key
          object_version = var.jar_s3_object_version
        }
      }
    }

    application_snapshot_configuration {
      snapshots_enabled = var.snapshots_enabled
    }

    # Group "ImageIngest": keys are the job's own configuration keys, used verbatim.
    environment_properties {
      property_group {
        property_group_id = "ImageIngest"
        property_map      = local.job_properties
      }
    }

    flink_application_configuration {
      checkpoint_configuration {
        configuration_type            = "CUSTOM"
        checkpointing_enabled         = true
        checkpoint_interval           = var.checkpoint_interval_seconds * 1000
        min_pause_between_checkpoints = var.min_pause_between_checkpoints_seconds * 1000
      }

      monitoring_configuration {
        configuration_type = "CUSTOM"
        log_level          = var.log_level
        metrics_level      = var.metrics_level
      }

      parallelism_configuration {
        configuration_type   = "CUSTOM"
        parallelism          = var.parallelism
        parallelism_per_kpu  = var.parallelism_per_kpu
        auto_scaling_enabled = var.autoscaling_enabled
      }
    }

    run_configuration {
      application_restore_configuration {
        application_restore_type = var.restore_type
        snapshot_name            = var.restore_snapshot_name
      }
      flink_run_configuration {
        allow_non_restored_state = var.allow_non_restored_state
      }
    }

    dynamic "vpc_configuration" {
      for_each = local.vpc_enabled ? ["vpc"] : []
      content {
        subnet_ids         = var.vpc_subnet_ids
        security_group_ids = var.vpc_security_group_ids
      }
    }
  }

  cloudwatch_logging_options {
    log_stream_arn = aws_cloudwatch_log_stream.app.arn
  }

  tags = var.tags

  # The role's permissions must be in place before the application validates and loads the jar.
  depends_on = [aws_iam_role_policy.app, aws_s3_object.jar]

  lifecycle {
    precondition {
      condition     = length(setintersection(keys(var.job_properties), keys(local.managed_job_properties))) == 0
      error_message = "job_properties must not set keys the module manages: ${join(", ", keys(local.managed_job_properties))}."
    }
    precondition {
      condition     = length(var.vpc_subnet_ids) == 0 || length(var.vpc_security_group_ids) > 0
      error_message = "vpc_security_group_ids is required with vpc_subnet_ids."
    }
    precondition {
      condition     = var.restore_type != "RESTORE_FROM_CUSTOM_SNAPSHOT" || var.restore_snapshot_name != null
      error_message = "restore_snapshot_name is required with restore_type RESTORE_FROM_CUSTOM_SNAPSHOT."
    }
    precondition {
      condition     = var.jar_local_path == null || var.jar_s3_object_version == null
      error_message = "jar_s3_object_version applies to an existing jar only; leave it null with jar_local_path."
    }
  }
}
