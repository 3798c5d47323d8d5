# Terraform and provider versions for the image-ingest module.
#
# FLINK-1_20 as a Managed Flink runtime needs a provider whose SDK knows the value (5.80 or
# newer); 6.x renamed attributes this module uses (aws_region.name), so stay on 5.x.
terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}
