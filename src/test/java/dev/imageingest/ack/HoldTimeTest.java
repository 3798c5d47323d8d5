package dev.imageingest.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.ImageIngestJob;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.settings.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class HoldTimeTest {
    @Test
    void worstCaseAddsEveryCheckpointAttemptTheJobSurvives() {
        assertThat(
                        HoldTime.worstCase(
                                Duration.ofSeconds(10),
                                Duration.ofMinutes(10),
                                2,
                                Duration.ofSeconds(120)))
                .isEqualTo(Duration.ofSeconds(120 + 10 + 3 * (600 + 10)));
        assertThat(
                        HoldTime.worstCase(
                                Duration.ofSeconds(10),
                                Duration.ofMinutes(10),
                                Integer.MAX_VALUE,
                                Duration.ofSeconds(120)))
                .as("saturates instead of overflowing")
                .isGreaterThan(HoldTime.SQS_MAX_INVISIBILITY);
    }

    @Test
    void rejectsHoldsPastSqsLimitAndDisabledCheckpointing() {
        assertThat(
                        HoldTime.validate(
                                Duration.ofMinutes(1),
                                Duration.ofMinutes(10),
                                0,
                                Duration.ofMinutes(2)))
                .isEqualTo(Duration.ofMinutes(14));
        assertThatThrownBy(
                        () ->
                                HoldTime.validate(
                                        Duration.ofMinutes(1),
                                        Duration.ofMinutes(10),
                                        100,
                                        Duration.ofMinutes(2)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tolerable-failed-checkpoints")
                .hasMessageContaining("12 h");
        assertThatThrownBy(
                        () ->
                                HoldTime.validate(
                                        Duration.ZERO, Duration.ofMinutes(10), 0, Duration.ZERO))
                .hasMessageContaining("checkpointing must be enabled");
    }

    @Test
    void theJobChecksTheClusterSettingsInForceNotItsOwnDefault() {
        Map<String, String> values = new HashMap<>();
        values.put("sqs.queue-url", "http://localhost:9324/000000000000/images");
        values.put("s3.bucket", "images");
        values.put("firehose.delivery-stream", "path-records");
        values.put("job.checkpoint-interval", "10s"); // ignored: the cluster configured its own
        Configuration cluster = new Configuration();
        cluster.setString("execution.checkpointing.interval", "1h");
        cluster.setString("execution.checkpointing.timeout", "2h");
        cluster.setString("execution.checkpointing.tolerable-failed-checkpoints", "5");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        assertThatThrownBy(() -> ImageIngestJob.configure(env, IngestConfig.of(values)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("interval PT1H");

        cluster.setString("execution.checkpointing.tolerable-failed-checkpoints", "0");
        StreamExecutionEnvironment ok = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        ImageIngestJob.configure(ok, IngestConfig.of(values));
        assertThat(ok.getCheckpointConfig().getCheckpointInterval())
                .isEqualTo(Duration.ofHours(1).toMillis());
    }
}
