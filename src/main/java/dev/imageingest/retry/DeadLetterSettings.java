package dev.imageingest.retry;

import static dev.imageingest.retry.RetryOptions.*;

import dev.imageingest.aws.AwsSettings;
import dev.imageingest.settings.Checks;
import dev.imageingest.settings.ConfigException;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.io.Serializable;
import org.apache.flink.configuration.ReadableConfig;

/** Where dead letters go ({@code dlq.*}); the credentials and region are the source queue's. */
public final class DeadLetterSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String queueUrl;
    private final String endpoint;
    private final AwsSettings aws;

    public DeadLetterSettings(String queueUrl, String endpoint, AwsSettings aws) {
        this.queueUrl = queueUrl;
        this.endpoint = endpoint;
        this.aws = aws;
    }

    /**
     * Reads {@code dlq.*}; the endpoint defaults to the source queue's.
     *
     * @throws ConfigException naming the key of a malformed URL
     */
    public static DeadLetterSettings from(ReadableConfig config, SqsSourceSettings sqs) {
        String url = config.get(DLQ_QUEUE_URL).trim();
        String endpoint = config.get(DLQ_ENDPOINT).trim();
        check(DLQ_QUEUE_URL.key(), url);
        check(DLQ_ENDPOINT.key(), endpoint);
        if (!url.isEmpty() && url.equals(sqs.queueUrl())) {
            throw new ConfigException(
                    DLQ_QUEUE_URL.key(), "must not be the source queue (" + url + ")");
        }
        return new DeadLetterSettings(
                url, endpoint.isEmpty() ? sqs.endpoint() : endpoint, sqs.aws());
    }

    private static void check(String key, String value) {
        if (!value.isEmpty()) {
            Checks.url(key, value);
        }
    }

    /** Whether a dead-letter queue is configured. */
    public boolean enabled() {
        return !queueUrl.isEmpty();
    }

    public String queueUrl() {
        return queueUrl;
    }

    /** Endpoint override, empty for the region's. */
    public String endpoint() {
        return endpoint;
    }

    public AwsSettings aws() {
        return aws;
    }

    @Override
    public String toString() {
        return "DeadLetterSettings[queueUrl=" + queueUrl + ", endpoint=" + endpoint + "]";
    }
}
