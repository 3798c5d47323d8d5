# Least-privilege roles for the Managed Flink application and for Firehose.
#
# Application role: exactly the AWS calls the job makes (TerraformIamTest derives them from the
# job's bytecode and compares), plus the calls the next release adds (issue "Nothing lost"): visibility
# changes and queue attributes on the queue, final failures sent to the DLQ, HeadBucket and
# DescribeDeliveryStream start-up checks. Plus what Managed Flink itself needs with this role:
# reading the jar, writing the application log stream and, in a VPC, managing its network
# interfaces. No wildcard actions; "*" resources only where AWS supports nothing narrower.
#
# Not granted, on purpose: cloudwatch:PutMetricData (Managed Flink publishes the job's Flink
# metrics itself), s3:GetObject on images (the job never reads them back; the audit tool runs with
# an operator's credentials), sqs:GetQueueUrl (the job takes the queue URL, not the name).

data "aws_iam_policy_document" "app_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["kinesisanalytics.amazonaws.com"]
    }

    # Confused-deputy protection: only this account's application of this name.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:kinesisanalytics:${local.region}:${local.account_id}:application/${local.app_name}"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "${var.name}-flink-app"
  assume_role_policy = data.aws_iam_policy_document.app_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "app" {
  # SqsQueueClient: ReceiveMessage (VisibilityTimeout per request needs no extra permission),
  # DeleteMessageBatch (authorised as sqs:DeleteMessage); ChangeMessageVisibility(Batch) and
  # GetQueueAttributes for visibility extension, in-flight cap and the start-up check.
  statement {
    sid = "ConsumeImageRecords"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [aws_sqs_queue.main.arn]
  }

  # Final failures go to the dead-letter queue (SendMessage(Batch)); nothing else is sent anywhere.
  statement {
    sid = "SendFinalFailuresToDlq"
    actions = [
      "sqs:SendMessage",
      "sqs:GetQueueAttributes",
    ]
    resources = [aws_sqs_queue.dlq.arn]
  }

  # S3ImageStore: PutObject under the image prefix only (the x-amz-checksum-sha256 header needs no
  # extra permission).
  statement {
    sid       = "StoreImages"
    actions   = ["s3:PutObject"]
    resources = [local.image_objects]
  }

  # HeadBucket (start-up check) is authorised as s3:ListBucket on the bucket.
  statement {
    sid       = "CheckImageBucket"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.images.arn]
  }

  # KinesisFirehoseSink: PutRecordBatch; DescribeDeliveryStream for the start-up check.
  statement {
    sid = "DeliverPathRecords"
    actions = [
      "firehose:PutRecordBatch",
      "firehose:DescribeDeliveryStream",
    ]
    resources = [aws_kinesis_firehose_delivery_stream.records.arn]
  }

  # Managed Flink loads the application code with the application's role.
  statement {
    sid = "ReadApplicationJar"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
    ]
    resources = [local.jar_object_arn]
  }

  # Managed Flink writes the application log with the application's role: it looks up the log
  # group (DescribeLogGroups has no narrower resource than the account's log groups), the stream,
  # and writes to that one stream.
  statement {
    sid       = "FindLogGroup"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
  }
  statement {
    sid       = "FindLogStream"
    actions   = ["logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.app.arn}:log-stream:*"]
  }
  statement {
    sid       = "WriteApplicationLog"
    actions   = ["logs:PutLogEvents"]
    resources = [aws_cloudwatch_log_stream.app.arn]
  }

  # With a customer managed key: Decrypt to receive from the encrypted queue (and read a jar
  # encrypted with it), GenerateDataKey to put SSE-KMS images and send to the encrypted DLQ.
  dynamic "statement" {
    for_each = local.kms_enabled ? ["kms"] : []
    content {
      sid = "UseDataKey"
      actions = [
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ]
      resources = [var.kms_key_arn]
    }
  }

  # In a VPC, Managed Flink creates the application's network interfaces with this role. EC2
  # Describe* calls support no resource-level permissions, so they need "*".
  dynamic "statement" {
    for_each = local.vpc_enabled ? ["vpc"] : []
    content {
      sid = "DescribeVpcForEni"
      actions = [
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeDhcpOptions",
        "ec2:DescribeNetworkInterfaces",
      ]
      resources = ["*"]
    }
  }

  # ENI creation limited to the given subnets and security groups; ENIs themselves have
  # generated ids, so they are matched by the account's network-interface ARNs.
  dynamic "statement" {
    for_each = local.vpc_enabled ? ["vpc"] : []
    content {
      sid = "ManageApplicationEnis"
      actions = [
        "ec2:CreateNetworkInterface",
        "ec2:CreateNetworkInterfacePermission",
        "ec2:DeleteNetworkInterface",
      ]
      resources = concat(
        ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:network-interface/*"],
        [for s in var.vpc_subnet_ids : "arn:${local.partition}:ec2:${local.region}:${local.account_id}:subnet/${s}"],
        [for g in var.vpc_security_group_ids : "arn:${local.partition}:ec2:${local.region}:${local.account_id}:security-group/${g}"],
      )
    }
  }
}

resource "aws_iam_role_policy" "app" {
  name   = "image-ingest-job"
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}

# ------------------------------------------------------------------------------------- Firehose

data "aws_iam_policy_document" "firehose_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["firehose.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "firehose" {
  name               = "${var.name}-firehose"
  assume_role_policy = data.aws_iam_policy_document.firehose_assume.json
  tags               = var.tags
}

# The S3 destination permissions AWS documents for Firehose, narrowed to this bucket and to the
# records and error prefixes; plus its delivery-error log stream.
data "aws_iam_policy_document" "firehose" {
  statement {
    sid = "RecordsBucket"
    actions = [
      "s3:GetBucketLocation",
      "s3:ListBucket",
      "s3:ListBucketMultipartUploads",
    ]
    resources = [aws_s3_bucket.records.arn]
  }

  statement {
    sid = "RecordsObjects"
    actions = [
      "s3:AbortMultipartUpload",
      "s3:GetObject",
      "s3:PutObject",
    ]
    resources = [
      local.records_objects,
      local.error_objects,
    ]
  }

  statement {
    sid       = "DeliveryErrorLog"
    actions   = ["logs:PutLogEvents"]
    resources = [aws_cloudwatch_log_stream.firehose.arn]
  }

  # SSE-KMS objects: only through S3, only for objects of this bucket.
  dynamic "statement" {
    for_each = local.kms_enabled ? ["kms"] : []
    content {
      sid = "EncryptDeliveredObjects"
      actions = [
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ]
      resources = [var.kms_key_arn]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${local.region}.amazonaws.com"]
      }
      # With S3 Bucket Keys the encryption context is the bucket ARN, without them the object's.
      condition {
        test     = "StringLike"
        variable = "kms:EncryptionContext:aws:s3:arn"
        values = [
          aws_s3_bucket.records.arn,
          "${aws_s3_bucket.records.arn}/*",
        ]
      }
    }
  }
}

resource "aws_iam_role_policy" "firehose" {
  name   = "deliver-path-records"
  role   = aws_iam_role.firehose.id
  policy = data.aws_iam_policy_document.firehose.json
}
