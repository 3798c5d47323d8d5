package dev.imageingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.fetch.config.FetchOptions;
import dev.imageingest.source.sqs.config.SqsSourceOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.client.cli.ClientOptions;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JMXServerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flink-conf/config.yaml} as Flink reads it: current key names only, and the sizing and
 * timing arguments of its comments hold for the job's defaults.
 */
class ClusterConfigTest {
    private static final Configuration CONF = GlobalConfiguration.loadConfiguration("flink-conf");

    /** Per-slot working set on top of the fetch byte budget (config.yaml's arithmetic). */
    private static final MemorySize SLOT_OVERHEAD = MemorySize.parse("128m");

    @Test
    void usesNoDeprecatedKey() throws Exception {
        Set<String> deprecated = new HashSet<>();
        Set<String> current = new HashSet<>();
        for (Class<?> options :
                List.of(
                        CheckpointingOptions.class,
                        StateBackendOptions.class,
                        RestartStrategyOptions.class,
                        TaskManagerOptions.class,
                        JobManagerOptions.class,
                        RestOptions.class,
                        MetricOptions.class,
                        BlobServerOptions.class,
                        NettyShuffleEnvironmentOptions.class,
                        CoreOptions.class,
                        ClientOptions.class,
                        HeartbeatManagerOptions.class,
                        JMXServerOptions.class)) {
            for (Field f : options.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || f.getType() != ConfigOption.class) {
                    continue;
                }
                ConfigOption<?> option = (ConfigOption<?>) f.get(null);
                if (f.isAnnotationPresent(Deprecated.class)) {
                    deprecated.add(option.key());
                } else {
                    current.add(option.key()); // a key may move to a new class, e.g.
                    // state.backend.type from CheckpointingOptions to StateBackendOptions
                }
                for (FallbackKey k : option.fallbackKeys()) {
                    if (k.isDeprecated()) {
                        deprecated.add(k.getKey());
                    }
                }
            }
        }
        deprecated.removeAll(current);
        assertThat(deprecated).contains("state.checkpoints.dir", "state.savepoints.dir");
        assertThat(CONF.keySet()).doesNotContainAnyElementsOf(deprecated);
    }

    @Test
    void retainsCheckpointsAndNamesBothSnapshotDirectories() {
        assertThat(CONF.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).startsWith("s3://");
        assertThat(CONF.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).startsWith("s3://");
        assertThat(CONF.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(CONF.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS)).isGreaterThan(1);
        assertThat(CONF.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(CONF.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
    }

    @Test
    void aReceivedMessageIsCheckpointedBeforeTheDefaultVisibilityTimeoutEnds() {
        Duration interval = CONF.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        Duration timeout = CONF.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT);
        Duration minPause = CONF.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS);
        int tolerable = CONF.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER);
        Duration worstCase =
                FetchOptions.FETCH_OPERATOR_TIMEOUT
                        .defaultValue()
                        .plus(interval)
                        .plus(timeout.plus(minPause).multipliedBy(1 + tolerable));
        assertThat(worstCase).isLessThan(SqsSourceOptions.SQS_VISIBILITY_TIMEOUT.defaultValue());
    }

    @Test
    void taskHeapHoldsTheFetchBudgetOfEverySlot() {
        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(CONF);
        long perSlot =
                FetchOptions.FETCH_IN_FLIGHT_BYTES.defaultValue().getBytes()
                        + SLOT_OVERHEAD.getBytes();
        assertThat(tm.getTaskHeapSize().getBytes())
                .isGreaterThanOrEqualTo(tm.getNumSlots() * perSlot);
        assertThat(tm.getManagedMemorySize().getBytes())
                .as("hashmap state backend: no managed memory")
                .isZero();
    }

    @Test
    void everyListeningPortIsFixedOrARange() {
        for (String key :
                List.of(
                        "jobmanager.rpc.port",
                        "blob.server.port",
                        "rest.port",
                        "taskmanager.rpc.port",
                        "taskmanager.data.port",
                        "metrics.internal.query-service.port",
                        "metrics.reporter.prom.port",
                        "jmx.server.port")) {
            String value = CONF.toMap().get(key);
            assertThat(value).as(key).isNotNull().matches("[1-9][0-9]*(-[1-9][0-9]*)?");
        }
        assertThat(CONF.get(RestOptions.BIND_ADDRESS)).isEqualTo("localhost");
    }

    @Test
    void javaOptionsOpenWhatTheCliAndSerializersNeed() {
        assertThat(CONF.get(CoreOptions.FLINK_JVM_OPTIONS))
                .contains("--add-opens=java.base/java.util=ALL-UNNAMED")
                .contains("--add-opens=java.base/java.lang=ALL-UNNAMED");
    }

    @Test
    void logConfigurationsDefineTheAppendersTheyUse(@TempDir Path tmp) throws Exception {
        String before = System.getProperty("log.file");
        try {
            System.setProperty("log.file", tmp.resolve("daemon.log").toString());
            appenders("log4j.properties", "MainAppender");
            System.setProperty("log.file", tmp.resolve("console.log").toString());
            appenders("log4j-console.properties", "ConsoleAppender", "FileAppender");
            System.setProperty("log.file", tmp.resolve("cli.log").toString());
            appenders("log4j-cli.properties", "FileAppender", "ConsoleAppender");
        } finally {
            if (before == null) {
                System.clearProperty("log.file");
            } else {
                System.setProperty("log.file", before);
            }
        }
    }

    /** Builds the configuration: every appender a logger references must exist. */
    private static void appenders(String file, String... known) throws Exception {
        Path path = Path.of("flink-conf", file);
        LoggerContext context = new LoggerContext("config-test");
        org.apache.logging.log4j.core.config.Configuration c =
                new PropertiesConfigurationFactory()
                        .getConfiguration(context, ConfigurationSource.fromUri(path.toUri()));
        c.initialize();
        try {
            assertThat(c.getAppenders()).as(file).containsOnlyKeys(known);
            assertThat(c.getRootLogger().getAppenderRefs())
                    .allSatisfy(ref -> assertThat(c.getAppenders()).containsKey(ref.getRef()));
        } finally {
            c.stop();
        }
    }

    /** The job's own start-up check passes on the shipped cluster config with default settings. */
    @Test
    void shippedTaskManagerMemoryFitsTheDefaultByteBudget() {
        MemorySize budget = FetchOptions.FETCH_IN_FLIGHT_BYTES.defaultValue();
        assertThat(dev.imageingest.fetch.FetchMemory.checkFlinkConfig(CONF, budget)).isEmpty();
    }
}
