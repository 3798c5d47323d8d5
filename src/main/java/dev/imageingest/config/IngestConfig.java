package dev.imageingest.config;

import static dev.imageingest.aws.AwsConfigOptions.*;
import static dev.imageingest.config.IngestOptions.*;
import static dev.imageingest.fetch.FetchOptions.*;
import static dev.imageingest.fetch.store.S3Options.*;
import static dev.imageingest.sink.FirehoseOptions.*;
import static dev.imageingest.source.sqs.config.SqsSourceOptions.*;

import dev.imageingest.aws.AwsSettings;
import dev.imageingest.fetch.FetchSettings;
import dev.imageingest.fetch.store.S3Settings;
import dev.imageingest.retry.DeadLetterSettings;
import dev.imageingest.retry.RetrySettings;
import dev.imageingest.settings.ConfigException;
import dev.imageingest.sink.FirehoseSettings;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The validated job configuration. Construction fails with a {@link ConfigException} naming the key
 * when a value is missing, unknown, unparsable or out of range; the typed settings of each pipeline
 * stage are derived from it once, at start-up.
 */
public final class IngestConfig {
    private final Configuration conf;

    /** SQS's limit of in-flight messages per standard queue. */
    static final int SQS_IN_FLIGHT_LIMIT = 120_000;

    private IngestConfig(Configuration conf) {
        this.conf = conf;
    }

    /** Validates raw key/value pairs (defaults fill what is absent). */
    public static IngestConfig of(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!IngestOptions.all().containsKey(key)) {
                throw new ConfigException(key, "unknown key (see the configuration table)");
            }
        }
        Configuration conf = Configuration.fromMap(values);
        for (String key : IngestOptions.requiredKeys()) {
            String v = values.get(key);
            if (v == null || v.isBlank()) {
                throw new ConfigException(key, "required but not set");
            }
        }
        IngestConfig config = new IngestConfig(conf);
        config.validate();
        return config;
    }

    /** Typed value of an option; parse errors name the key. */
    public <T> T get(ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    option.key(), "cannot parse '" + conf.toMap().get(option.key()) + "'", e);
        }
    }

    private void validate() {
        IngestOptions.all().values().forEach(this::get);
        between(SQS_MAX_MESSAGES, 1, 10);
        between(SQS_RECEIVES_IN_FLIGHT, 1, 64);
        durationBetween(SQS_WAIT_TIME, Duration.ZERO, Duration.ofSeconds(20));
        durationBetween(SQS_VISIBILITY_TIMEOUT, Duration.ZERO, Duration.ofHours(12));
        between(SQS_MAX_IN_FLIGHT, 0, SQS_IN_FLIGHT_LIMIT);
        durationBetween(SQS_IN_FLIGHT_POLL_INTERVAL, Duration.ofMillis(100), Duration.ofMinutes(5));
        between(SQS_MAX_CONCURRENT_DELETES, 1, 256);
        between(SQS_MAX_CONCURRENT_VISIBILITY_BATCHES, 1, 256);
        between(PARALLELISM, 0, 10_000);
        between(FIREHOSE_MAX_BATCH_SIZE, 1, 500);
        between(FIREHOSE_MAX_IN_FLIGHT, 1, 1000);
        between(FIREHOSE_MAX_BUFFERED, get(FIREHOSE_MAX_BATCH_SIZE), 1_000_000);
        between(FETCH_CAPACITY, 1, 100_000);
        between(FETCH_MAX_REDIRECTS, 0, 20);
        between(FETCH_MAX_ATTEMPTS, 1, 20);
        between(FETCH_PER_HOST_CONCURRENCY, 1, 10_000);
        between(FETCH_PER_HOST_MAX_CONCURRENCY, 1, 10_000);
        if (get(FETCH_PER_HOST_MAX_CONCURRENCY) < get(FETCH_PER_HOST_CONCURRENCY)) {
            throw new ConfigException(
                    FETCH_PER_HOST_MAX_CONCURRENCY.key(),
                    "must be at least fetch.per-host-concurrency ("
                            + get(FETCH_PER_HOST_CONCURRENCY)
                            + "), got "
                            + get(FETCH_PER_HOST_MAX_CONCURRENCY));
        }
        between(S3_MAX_CONCURRENCY, 1, 10_000);
        positive(CHECKPOINT_INTERVAL);
        positive(FETCH_CONNECT_TIMEOUT);
        positive(FETCH_IDLE_TIMEOUT);
        positive(FETCH_TOTAL_TIMEOUT);
        if (get(FETCH_DNS_CACHE_TTL).isNegative()) {
            throw new ConfigException(FETCH_DNS_CACHE_TTL.key(), "must be >= 0");
        }
        if (get(FETCH_OPERATOR_TIMEOUT).compareTo(get(FETCH_TOTAL_TIMEOUT)) <= 0) {
            throw new ConfigException(
                    FETCH_OPERATOR_TIMEOUT.key(),
                    "must exceed " + FETCH_TOTAL_TIMEOUT.key() + " (S3 put time comes on top)");
        }
        if (get(FETCH_PER_HOST_RATE) < 0) {
            throw new ConfigException(FETCH_PER_HOST_RATE.key(), "must be >= 0");
        }
        if (get(FETCH_MAX_PIXELS) < 0) {
            throw new ConfigException(FETCH_MAX_PIXELS.key(), "must be >= 0");
        }
        if (get(FETCH_MAX_BYTES).getBytes() < 1024) {
            throw new ConfigException(FETCH_MAX_BYTES.key(), "must be at least 1kb");
        }
        if (get(FETCH_IN_FLIGHT_BYTES).getBytes() / 2 < get(FETCH_MAX_BYTES).getBytes()) {
            throw new ConfigException(
                    FETCH_IN_FLIGHT_BYTES.key(), "must be >= 2 x " + FETCH_MAX_BYTES.key());
        }
        String provider = get(AWS_CREDENTIALS_PROVIDER);
        if (!provider.equals(AwsSettings.AUTO) && !provider.equals(AwsSettings.BASIC)) {
            throw new ConfigException(AWS_CREDENTIALS_PROVIDER.key(), "must be AUTO or BASIC");
        }
        if (provider.equals(AwsSettings.BASIC)) {
            nonBlank(AWS_ACCESS_KEY_ID);
            nonBlank(AWS_SECRET_ACCESS_KEY);
        }
        uri(SQS_QUEUE_URL, false);
        uri(SQS_ENDPOINT, true);
        uri(S3_ENDPOINT, true);
        uri(FIREHOSE_ENDPOINT, true);
        fetch(); // parses ports and allow-list, naming the key on error
        retry();
        deadLetter();
    }

    public AwsSettings aws() {
        return new AwsSettings(
                get(AWS_REGION),
                get(AWS_CREDENTIALS_PROVIDER),
                get(AWS_ACCESS_KEY_ID),
                get(AWS_SECRET_ACCESS_KEY));
    }

    public SqsSourceSettings sqs() {
        return new SqsSourceSettings(
                get(SQS_QUEUE_URL),
                get(SQS_ENDPOINT),
                aws(),
                get(SQS_MAX_MESSAGES),
                get(SQS_WAIT_TIME),
                get(SQS_RECEIVES_IN_FLIGHT),
                get(SQS_VISIBILITY_TIMEOUT),
                get(SQS_MAX_IN_FLIGHT),
                get(SQS_IN_FLIGHT_POLL_INTERVAL),
                get(SQS_MAX_CONCURRENT_DELETES),
                get(SQS_MAX_CONCURRENT_VISIBILITY_BATCHES));
    }

    public S3Settings s3() {
        return new S3Settings(
                get(S3_BUCKET),
                get(S3_KEY_PREFIX),
                get(S3_ENDPOINT),
                get(S3_PATH_STYLE),
                get(S3_MAX_CONCURRENCY),
                aws(),
                get(S3_CLIENT));
    }

    public FirehoseSettings firehose() {
        return new FirehoseSettings(
                get(FIREHOSE_STREAM),
                get(FIREHOSE_ENDPOINT),
                aws(),
                get(FIREHOSE_MAX_BATCH_SIZE),
                get(FIREHOSE_MAX_IN_FLIGHT),
                get(FIREHOSE_MAX_BUFFERED),
                get(FIREHOSE_MAX_TIME_IN_BUFFER));
    }

    public FetchSettings fetch() {
        return FetchSettings.from(conf);
    }

    public RetrySettings retry() {
        return RetrySettings.from(conf);
    }

    public DeadLetterSettings deadLetter() {
        return DeadLetterSettings.from(conf, sqs());
    }

    /** Raw key/value view, e.g. for logging the effective configuration. */
    public Map<String, String> toMap() {
        return conf.toMap();
    }

    private void between(ConfigOption<Integer> option, int min, int max) {
        int v = get(option);
        if (v < min || v > max) {
            throw new ConfigException(
                    option.key(), "must be between " + min + " and " + max + ", got " + v);
        }
    }

    private void durationBetween(ConfigOption<Duration> option, Duration min, Duration max) {
        Duration v = get(option);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new ConfigException(
                    option.key(), "must be between " + min + " and " + max + ", got " + v);
        }
    }

    private void positive(ConfigOption<Duration> option) {
        if (get(option).isNegative() || get(option).isZero()) {
            throw new ConfigException(option.key(), "must be positive");
        }
    }

    private void nonBlank(ConfigOption<String> option) {
        if (get(option).isBlank()) {
            throw new ConfigException(option.key(), "required by the chosen setting");
        }
    }

    private void uri(ConfigOption<String> option, boolean emptyAllowed) {
        String v = get(option);
        if (v.isEmpty() && emptyAllowed) {
            return;
        }
        try {
            URI u = new URI(v);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new ConfigException(option.key(), "not an absolute URL: '" + v + "'");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(option.key(), "not a URL: '" + v + "'", e);
        }
    }
}
