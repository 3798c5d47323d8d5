terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }

  # Keep state remote in real use, for example:
  # backend "s3" {
  #   bucket         = "my-terraform-state"
  #   key            = "image-ingest/terraform.tfstate"
  #   region         = "ap-northeast-1"
  #   dynamodb_table = "terraform-locks"
  # }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project = "flink-image-ingest"
    }
  }
}
