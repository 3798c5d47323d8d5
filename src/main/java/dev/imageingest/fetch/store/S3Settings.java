package dev.imageingest.fetch.store;

import dev.imageingest.aws.AwsSettings;
import java.io.Serializable;

/** Where and how images are written to S3. */
public record S3Settings(
        String bucket,
        String keyPrefix,
        String endpoint,
        boolean pathStyleAccess,
        int maxConcurrency,
        AwsSettings aws)
        implements Serializable {}
