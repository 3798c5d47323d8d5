package dev.imageingest.config;

import static dev.imageingest.config.IngestOptions.*;

import dev.imageingest.aws.AwsSettings;
import dev.imageingest.fetch.config.FetchSettings;
import dev.imageingest.fetch.store.S3Settings;
import dev.imageingest.retry.DeadLetterSettings;
import dev.imageingest.retry.RetrySettings;
import dev.imageingest.settings.Checks;
import dev.imageingest.settings.ConfigException;
import dev.imageingest.sink.FirehoseSettings;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The validated job configuration. Construction fails with a {@link ConfigException} naming the key
 * when a value is missing, unknown, unparsable or out of range.
 *
 * <p>Each pipeline stage reads and checks its own keys in its settings' {@code
 * from(ReadableConfig)}; this class only loads the values, checks the {@code job.*} keys, builds
 * every stage's settings once at start-up (so every stage's checks run before the job is built) and
 * hands the AWS settings to the stages that need them. Rules that span two stages live in the
 * {@code from} that receives the other stage's settings (the dead-letter queue must not be the
 * source queue: {@link DeadLetterSettings#from}).
 */
public final class IngestConfig {
    private final Configuration conf;
    private final AwsSettings aws;
    private final SqsSourceSettings sqs;
    private final FetchSettings fetch;
    private final S3Settings s3;
    private final FirehoseSettings firehose;
    private final RetrySettings retry;
    private final DeadLetterSettings deadLetter;

    private IngestConfig(Configuration conf) {
        this.conf = conf;
        // every value parses before any stage reads it, so a parse error names its key
        IngestOptions.all().values().forEach(this::get);
        Checks.between(conf, PARALLELISM, 0, 10_000);
        Checks.positive(conf, CHECKPOINT_INTERVAL);
        this.aws = AwsSettings.from(conf);
        this.sqs = SqsSourceSettings.from(conf, aws);
        this.fetch = FetchSettings.from(conf);
        this.s3 = S3Settings.from(conf, aws);
        this.firehose = FirehoseSettings.from(conf, aws);
        this.retry = RetrySettings.from(conf);
        this.deadLetter = DeadLetterSettings.from(conf, sqs);
    }

    /** Validates raw key/value pairs (defaults fill what is absent). */
    public static IngestConfig of(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!IngestOptions.all().containsKey(key)) {
                throw new ConfigException(key, "unknown key (see the configuration table)");
            }
        }
        for (String key : IngestOptions.requiredKeys()) {
            String v = values.get(key);
            if (v == null || v.isBlank()) {
                throw new ConfigException(key, "required but not set");
            }
        }
        return new IngestConfig(Configuration.fromMap(values));
    }

    /** Typed value of an option; parse errors name the key. */
    public <T> T get(ConfigOption<T> option) {
        return Checks.get(conf, option);
    }

    public AwsSettings aws() {
        return aws;
    }

    public SqsSourceSettings sqs() {
        return sqs;
    }

    public S3Settings s3() {
        return s3;
    }

    public FirehoseSettings firehose() {
        return firehose;
    }

    public FetchSettings fetch() {
        return fetch;
    }

    public RetrySettings retry() {
        return retry;
    }

    public DeadLetterSettings deadLetter() {
        return deadLetter;
    }

    /** Raw key/value view, e.g. for logging the effective configuration. */
    public Map<String, String> toMap() {
        return conf.toMap();
    }
}
