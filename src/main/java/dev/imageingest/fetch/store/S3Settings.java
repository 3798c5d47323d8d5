package dev.imageingest.fetch.store;

import static dev.imageingest.fetch.store.S3Options.*;

import dev.imageingest.aws.AwsSettings;
import dev.imageingest.settings.Checks;
import dev.imageingest.settings.ConfigException;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/** Where and how images are written to S3. */
public final class S3Settings implements Serializable {
    private final String bucket;
    private final String keyPrefix;
    private final String endpoint;
    private final boolean pathStyleAccess;
    private final int maxConcurrency;
    private final AwsSettings aws;
    private final String client;

    /** {@code s3.client} value: the job's own Netty client signed with the SDK signer. */
    public static final String DIRECT = "direct";

    /** {@code s3.client} value: the AWS SDK's S3 async client. */
    public static final String SDK = "sdk";

    /**
     * Reads the {@code s3.*} keys.
     *
     * @param aws region and credentials of the job, shared with the other AWS clients
     * @throws ConfigException naming the key of a missing or invalid value
     */
    public static S3Settings from(ReadableConfig c, AwsSettings aws) {
        String client = Checks.get(c, S3_CLIENT);
        if (!DIRECT.equals(client) && !SDK.equals(client)) {
            throw new ConfigException(
                    S3_CLIENT.key(), "must be " + DIRECT + " or " + SDK + ", got " + client);
        }
        return new S3Settings(
                Checks.get(c, S3_BUCKET),
                Checks.get(c, S3_KEY_PREFIX),
                Checks.url(c, S3_ENDPOINT, true),
                Checks.get(c, S3_PATH_STYLE),
                Checks.between(c, S3_MAX_CONCURRENCY, 1, 10_000),
                aws,
                client);
    }

    /** With the default client ({@value #DIRECT}). */
    public S3Settings(
            String bucket,
            String keyPrefix,
            String endpoint,
            boolean pathStyleAccess,
            int maxConcurrency,
            AwsSettings aws) {
        this(bucket, keyPrefix, endpoint, pathStyleAccess, maxConcurrency, aws, DIRECT);
    }

    public S3Settings(
            String bucket,
            String keyPrefix,
            String endpoint,
            boolean pathStyleAccess,
            int maxConcurrency,
            AwsSettings aws,
            String client) {
        if (!DIRECT.equals(client) && !SDK.equals(client)) {
            throw new IllegalArgumentException(
                    "s3.client must be " + DIRECT + " or " + SDK + ", not " + client);
        }
        this.client = client;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
        this.endpoint = endpoint;
        this.pathStyleAccess = pathStyleAccess;
        this.maxConcurrency = maxConcurrency;
        this.aws = aws;
    }

    public String bucket() {
        return bucket;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public String endpoint() {
        return endpoint;
    }

    public boolean pathStyleAccess() {
        return pathStyleAccess;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    public AwsSettings aws() {
        return aws;
    }

    /** Which S3 client puts the images: {@value #DIRECT} or {@value #SDK}. */
    public String client() {
        return client;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof S3Settings)) {
            return false;
        }
        S3Settings that = (S3Settings) o;
        return Objects.equals(bucket, that.bucket)
                && Objects.equals(keyPrefix, that.keyPrefix)
                && Objects.equals(endpoint, that.endpoint)
                && pathStyleAccess == that.pathStyleAccess
                && maxConcurrency == that.maxConcurrency
                && Objects.equals(aws, that.aws)
                && client.equals(that.client);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                bucket, keyPrefix, endpoint, pathStyleAccess, maxConcurrency, aws, client);
    }

    @Override
    public String toString() {
        return "S3Settings[bucket="
                + bucket
                + ", keyPrefix="
                + keyPrefix
                + ", endpoint="
                + endpoint
                + ", pathStyleAccess="
                + pathStyleAccess
                + ", maxConcurrency="
                + maxConcurrency
                + ", aws="
                + aws
                + ", client="
                + client
                + "]";
    }
}
