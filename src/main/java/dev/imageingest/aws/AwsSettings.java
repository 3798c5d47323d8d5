package dev.imageingest.aws;

import static dev.imageingest.aws.AwsConfigOptions.*;

import dev.imageingest.settings.Checks;
import dev.imageingest.settings.ConfigException;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/** Region and credentials shared by the SQS, S3 and Firehose clients. */
public final class AwsSettings implements Serializable {
    private final String region;

    /** {@code AUTO} (default chain) or {@code BASIC} (static keys) */
    private final String credentialsProvider;

    private final String accessKeyId;
    private final String secretAccessKey;

    public AwsSettings(
            String region, String credentialsProvider, String accessKeyId, String secretAccessKey) {
        this.region = region;
        this.credentialsProvider = credentialsProvider;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
    }

    public String region() {
        return region;
    }

    public String credentialsProvider() {
        return credentialsProvider;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    /**
     * Credentials from the SDK's default provider chain (value of {@code
     * aws.credentials.provider}).
     */
    public static final String AUTO = "AUTO";

    /** Static access key and secret (value of {@code aws.credentials.provider}). */
    public static final String BASIC = "BASIC";

    /** Credentials from the SDK's default provider chain (environment, profile, instance role). */
    public static AwsSettings defaultChain(String region) {
        return new AwsSettings(region, AUTO, null, null);
    }

    /** Static access key and secret. */
    public static AwsSettings staticKeys(
            String region, String accessKeyId, String secretAccessKey) {
        return new AwsSettings(region, BASIC, accessKeyId, secretAccessKey);
    }

    /**
     * Reads the {@code aws.*} keys. The provider must be {@value #AUTO} or {@value #BASIC}; {@code
     * BASIC} needs both keys, so missing keys fail at start-up rather than at the first AWS call.
     *
     * @throws ConfigException naming the key of a missing or invalid value
     */
    public static AwsSettings from(ReadableConfig c) {
        String provider = Checks.get(c, AWS_CREDENTIALS_PROVIDER);
        if (!provider.equals(AUTO) && !provider.equals(BASIC)) {
            throw new ConfigException(AWS_CREDENTIALS_PROVIDER.key(), "must be AUTO or BASIC");
        }
        if (provider.equals(BASIC)) {
            Checks.nonBlank(c, AWS_ACCESS_KEY_ID);
            Checks.nonBlank(c, AWS_SECRET_ACCESS_KEY);
        }
        return new AwsSettings(
                Checks.get(c, AWS_REGION),
                provider,
                Checks.get(c, AWS_ACCESS_KEY_ID),
                Checks.get(c, AWS_SECRET_ACCESS_KEY));
    }

    /** True when static keys are configured. */
    public boolean staticKeysConfigured() {
        return BASIC.equals(credentialsProvider);
    }

    @Override
    public String toString() {
        // never log the secret
        return "AwsSettings[region="
                + region
                + ", credentialsProvider="
                + credentialsProvider
                + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AwsSettings)) {
            return false;
        }
        AwsSettings that = (AwsSettings) o;
        return Objects.equals(region, that.region)
                && Objects.equals(credentialsProvider, that.credentialsProvider)
                && Objects.equals(accessKeyId, that.accessKeyId)
                && Objects.equals(secretAccessKey, that.secretAccessKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, credentialsProvider, accessKeyId, secretAccessKey);
    }
}
