package dev.imageingest.config;

import dev.imageingest.aws.AwsConfigOptions;
import dev.imageingest.fetch.config.FetchOptions;
import dev.imageingest.fetch.store.S3Options;
import dev.imageingest.fetch.tls.TlsOptions;
import dev.imageingest.retry.RetryOptions;
import dev.imageingest.sink.FirehoseOptions;
import dev.imageingest.source.sqs.config.SqsSourceOptions;
import dev.imageingest.startup.StartupOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The job-level keys ({@code job.*}) and the registry of every key of the job.
 *
 * <p>Each pipeline stage declares its own keys next to the code that reads them ({@link
 * AwsConfigOptions}, {@link SqsSourceOptions}, {@link FetchOptions}, {@link TlsOptions}, {@link
 * S3Options}, {@link FirehoseOptions}, {@link RetryOptions}, {@link StartupOptions}); {@link
 * #all()} gathers them so that the loader can reject unknown keys and the README configuration
 * table (checked by {@code ReadmeConfigTableTest}) lists them all. A new options class must be
 * added to {@link #CLASSES}. Options without a default are required.
 */
public final class IngestOptions {
    private IngestOptions() {}

    public static final ConfigOption<String> JOB_NAME =
            ConfigOptions.key("job.name")
                    .stringType()
                    .defaultValue("image-ingest")
                    .withDescription("Flink job name.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("job.checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Checkpoint interval. A message is deleted at the first checkpoint"
                                    + " after Firehose acknowledged its record, so this bounds how"
                                    + " long a processed message stays in flight (its visibility is"
                                    + " extended meanwhile). Used only when the cluster (or Managed"
                                    + " Flink) has not configured checkpointing itself; the job"
                                    + " checks the settings in force against SQS's 12 h limit.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("job.parallelism")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Job parallelism; 0 keeps the cluster's (or Managed Flink's) default.");

    /** Every class declaring options; the job's keys are the union of their constants. */
    static final List<Class<?>> CLASSES =
            List.of(
                    IngestOptions.class,
                    AwsConfigOptions.class,
                    SqsSourceOptions.class,
                    StartupOptions.class,
                    S3Options.class,
                    FirehoseOptions.class,
                    FetchOptions.class,
                    TlsOptions.class,
                    RetryOptions.class);

    private static final Map<String, ConfigOption<?>> ALL = collect();

    /**
     * Every option, keyed by its name, in name order (so the README table's order depends on the
     * keys only, not on which class declares them).
     */
    public static Map<String, ConfigOption<?>> all() {
        return ALL;
    }

    /** Names of options that have no default and must be set. */
    public static Set<String> requiredKeys() {
        Set<String> keys = new TreeSet<>();
        ALL.forEach(
                (k, o) -> {
                    if (!o.hasDefaultValue()) {
                        keys.add(k);
                    }
                });
        return keys;
    }

    private static Map<String, ConfigOption<?>> collect() {
        Map<String, ConfigOption<?>> byKey = new TreeMap<>();
        for (Class<?> c : CLASSES) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() != ConfigOption.class || !Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                ConfigOption<?> o;
                try {
                    o = (ConfigOption<?>) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                ConfigOption<?> before = byKey.put(o.key(), o);
                if (before != null && before != o) {
                    // two stages claiming one key would silently share (or shadow) a setting
                    throw new IllegalStateException(
                            "configuration key "
                                    + o.key()
                                    + " declared twice ("
                                    + c.getName()
                                    + ")");
                }
            }
        }
        return Collections.unmodifiableMap(byKey);
    }
}
