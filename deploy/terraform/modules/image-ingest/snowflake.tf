# The AWS half of the Snowflake connection (the Snowflake half is deploy/snowflake/*.sql):
#
# 1. With snowflake_external_id set, an IAM role Snowflake's storage integration assumes to read
#    the path records (read-only, records prefix only). Snowflake learns the role ARN from
#    CREATE STORAGE INTEGRATION; the role learns Snowflake's IAM user from DESC INTEGRATION, so it
#    takes two applies: first without snowflake_iam_user_arn (the role then trusts only this
#    account), then with it.
# 2. With snowpipe_sqs_arn set (notification_channel from SHOW PIPES), S3 announces every object
#    created under records_prefix to Snowpipe's queue; error output is outside the prefix and never
#    loaded. The queue belongs to Snowflake's account and already allows S3 to send to it; the
#    bucket and the Snowflake account must be in the same region for SQS notifications.

data "aws_iam_policy_document" "snowflake_assume" {
  count = local.snowflake_role ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type = "AWS"
      identifiers = [
        var.snowflake_iam_user_arn != null ? var.snowflake_iam_user_arn : "arn:${local.partition}:iam::${local.account_id}:root",
      ]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [var.snowflake_external_id]
    }
  }
}

resource "aws_iam_role" "snowflake" {
  count = local.snowflake_role ? 1 : 0

  name               = "${var.name}-snowflake-stage"
  assume_role_policy = data.aws_iam_policy_document.snowflake_assume[0].json
  tags               = var.tags
}

# What Snowflake documents for loading from a stage: list the prefix, read its objects. No write
# or delete (no PURGE, no unload).
data "aws_iam_policy_document" "snowflake" {
  count = local.snowflake_role ? 1 : 0

  statement {
    sid = "ReadPathRecords"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
    ]
    resources = [local.records_objects]
  }

  statement {
    sid       = "ListPathRecords"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.records.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.records_prefix}*"]
    }
  }

  statement {
    sid       = "LocateBucket"
    actions   = ["s3:GetBucketLocation"]
    resources = [aws_s3_bucket.records.arn]
  }

  dynamic "statement" {
    for_each = local.kms_enabled ? ["kms"] : []
    content {
      sid       = "DecryptPathRecords"
      actions   = ["kms:Decrypt"]
      resources = [var.kms_key_arn]
    }
  }
}

resource "aws_iam_role_policy" "snowflake" {
  count = local.snowflake_role ? 1 : 0

  name   = "read-path-records"
  role   = aws_iam_role.snowflake[0].id
  policy = data.aws_iam_policy_document.snowflake[0].json
}

resource "aws_s3_bucket_notification" "snowpipe" {
  count = var.snowpipe_sqs_arn == null ? 0 : 1

  bucket = aws_s3_bucket.records.id

  queue {
    id            = "snowpipe-auto-ingest"
    queue_arn     = var.snowpipe_sqs_arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = var.records_prefix
  }
}
