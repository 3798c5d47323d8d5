package dev.imageingest.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.aws.AwsSettings;
import dev.imageingest.fetch.config.FetchSettings;
import dev.imageingest.fetch.store.S3Settings;
import dev.imageingest.sink.FirehoseSettings;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** Each stage's {@code from(ReadableConfig)} reads and checks its own keys without the loader. */
class StageSettingsTest {
    private static final AwsSettings AWS = AwsSettings.defaultChain("us-east-1");

    @Test
    void awsReadsProviderAndKeys() {
        AwsSettings basic =
                AwsSettings.from(
                        conf(
                                "aws.region", "eu-west-1",
                                "aws.credentials.provider", "BASIC",
                                "aws.credentials.access-key-id", "AKIA",
                                "aws.credentials.secret-access-key", "s"));
        assertThat(basic).isEqualTo(AwsSettings.staticKeys("eu-west-1", "AKIA", "s"));
        assertRejected(
                () -> AwsSettings.from(conf("aws.credentials.provider", "MAGIC")),
                "aws.credentials.provider",
                "must be AUTO or BASIC");
        assertRejected(
                () ->
                        AwsSettings.from(
                                conf(
                                        "aws.credentials.provider", "BASIC",
                                        "aws.credentials.access-key-id", "AKIA")),
                "aws.credentials.secret-access-key",
                "required by the chosen setting");
    }

    @Test
    void sqsChecksItsRangesAndKeepsTheAwsSettingsGiven() {
        SqsSourceSettings s =
                SqsSourceSettings.from(
                        conf("sqs.queue-url", "http://q/000/x", "sqs.wait-time", "5s"), AWS);
        assertThat(s.queueUrl()).isEqualTo("http://q/000/x");
        assertThat(s.waitTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.aws()).isSameAs(AWS);
        assertRejected(
                () ->
                        SqsSourceSettings.from(
                                conf(
                                        "sqs.queue-url", "http://q/000/x",
                                        "sqs.max-messages-per-receive", "11"),
                                AWS),
                "sqs.max-messages-per-receive",
                "must be between 1 and 10, got 11");
        assertRejected(
                () ->
                        SqsSourceSettings.from(
                                conf(
                                        "sqs.queue-url", "http://q/000/x",
                                        "sqs.max-in-flight", "120001"),
                                AWS),
                "sqs.max-in-flight",
                "must be between 0 and 120000");
        assertRejected(
                () -> SqsSourceSettings.from(conf("sqs.queue-url", "not a url"), AWS),
                "sqs.queue-url",
                "URL");
        assertRejected(
                () ->
                        SqsSourceSettings.from(
                                conf("sqs.queue-url", "http://q/000/x", "sqs.wait-time", "soon"),
                                AWS),
                "sqs.wait-time",
                "cannot parse 'soon'");
    }

    @Test
    void s3ChecksClientConcurrencyAndEndpoint() {
        S3Settings s = S3Settings.from(conf("s3.bucket", "b", "s3.client", "sdk"), AWS);
        assertThat(s.bucket()).isEqualTo("b");
        assertThat(s.client()).isEqualTo(S3Settings.SDK);
        assertRejected(
                () -> S3Settings.from(conf("s3.bucket", "b", "s3.client", "curl"), AWS),
                "s3.client",
                "must be direct or sdk, got curl");
        assertRejected(
                () -> S3Settings.from(conf("s3.bucket", "b", "s3.max-concurrency", "0"), AWS),
                "s3.max-concurrency",
                "between 1 and 10000");
        assertRejected(
                () -> S3Settings.from(conf("s3.bucket", "b", "s3.endpoint", "localhost"), AWS),
                "s3.endpoint",
                "not an absolute URL");
    }

    @Test
    void firehoseBufferHoldsAtLeastOneBatch() {
        FirehoseSettings f =
                FirehoseSettings.from(
                        conf("firehose.delivery-stream", "s", "firehose.max-batch-size", "100"),
                        AWS);
        assertThat(f.maxBatchSize()).isEqualTo(100);
        assertRejected(
                () ->
                        FirehoseSettings.from(
                                conf(
                                        "firehose.delivery-stream", "s",
                                        "firehose.max-batch-size", "200",
                                        "firehose.max-buffered-requests", "100"),
                                AWS),
                "firehose.max-buffered-requests",
                "must be between 200 and 1000000, got 100");
    }

    @Test
    void fetchChecksItsOwnRanges() {
        assertThat(FetchSettings.from(conf("fetch.capacity", "7")).capacity()).isEqualTo(7);
        assertRejected(
                () -> FetchSettings.from(conf("fetch.capacity", "0")),
                "fetch.capacity",
                "between 1 and 100000");
        assertRejected(
                () ->
                        FetchSettings.from(
                                conf(
                                        "fetch.per-host-concurrency", "8",
                                        "fetch.per-host-max-concurrency", "4")),
                "fetch.per-host-max-concurrency",
                "must be at least fetch.per-host-concurrency (8), got 4");
        assertRejected(
                () -> FetchSettings.from(conf("fetch.in-flight-bytes", "1mb")),
                "fetch.in-flight-bytes",
                "must be >= 2 x fetch.max-bytes");
    }

    private static Configuration conf(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return Configuration.fromMap(m);
    }

    private static void assertRejected(Runnable read, String key, String problem) {
        assertThatThrownBy(read::run)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining(problem);
    }
}
