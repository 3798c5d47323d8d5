# The image bucket (written by the job) and the records bucket (written by Firehose, read by
# Snowflake). Both: default encryption (SSE-KMS with var.kms_key_arn, else SSE-S3), all public
# access blocked, bucket-owner-enforced ownership (no ACLs), TLS-only access, and incomplete
# multipart uploads cleaned up. No versioning: image keys are content hashes (a rewrite stores the
# same bytes) and record objects are written once.

resource "aws_s3_bucket" "images" {
  bucket        = var.image_bucket_name
  force_destroy = var.force_destroy_buckets
  tags          = var.tags
}

resource "aws_s3_bucket" "records" {
  bucket        = var.records_bucket_name
  force_destroy = var.force_destroy_buckets
  tags          = var.tags
}

locals {
  buckets = {
    images  = aws_s3_bucket.images
    records = aws_s3_bucket.records
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = local.buckets

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.buckets

  bucket = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets

  bucket = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.kms_enabled ? "aws:kms" : "AES256"
      kms_master_key_id = var.kms_key_arn
    }
    # S3 Bucket Keys cut KMS requests per object to a few per bucket and hour: at thousands of
    # image PUTs per second, per-object KMS calls would hit KMS request quotas.
    bucket_key_enabled = local.kms_enabled
  }
}

data "aws_iam_policy_document" "tls_only" {
  for_each = local.buckets

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      each.value.arn,
      "${each.value.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "tls_only" {
  for_each = local.buckets

  bucket = each.value.id
  policy = data.aws_iam_policy_document.tls_only[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "images" {
  bucket = aws_s3_bucket.images.id

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "records" {
  bucket = aws_s3_bucket.records.id

  # Records Firehose could not deliver: kept long enough to inspect and re-drive, then dropped.
  rule {
    id     = "expire-firehose-errors"
    status = "Enabled"
    filter {
      prefix = var.firehose_error_prefix
    }
    expiration {
      days = var.firehose_error_expiration_days
    }
  }

  dynamic "rule" {
    for_each = var.records_expiration_days == null ? [] : [var.records_expiration_days]
    content {
      id     = "expire-path-records"
      status = "Enabled"
      filter {
        prefix = var.records_prefix
      }
      expiration {
        days = rule.value
      }
    }
  }

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}
