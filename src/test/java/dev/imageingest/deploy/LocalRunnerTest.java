package dev.imageingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.RestoreMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRunnerTest {
    @TempDir Path tmp;

    @Test
    void oneMachineDefaultsUnderTheStateDirectory() {
        Configuration c =
                LocalRunner.flinkConfiguration(
                        RunnerArguments.parse(new String[] {"--local.state-dir", tmp.toString()}));
        assertThat(c.get(RestOptions.BIND_ADDRESS)).isEqualTo("localhost");
        assertThat(c.get(TaskManagerOptions.BIND_HOST)).isEqualTo("localhost");
        assertThat(c.get(RestOptions.PORT)).isEqualTo(8081);
        assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(tmp.toUri().toString() + "checkpoints");
        assertThat(c.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))
                .isEqualTo(tmp.toUri().toString() + "savepoints");
        assertThat(c.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(c.get(StateRecoveryOptions.RESTORE_MODE)).isEqualTo(RestoreMode.CLAIM);
    }

    @Test
    void flinkSettingsOverrideTheDefaults() {
        Configuration c =
                LocalRunner.flinkConfiguration(
                        RunnerArguments.parse(
                                new String[] {
                                    "-D", "rest.port=8082",
                                    "-D", "rest.bind-address=0.0.0.0",
                                    "-D", "execution.checkpointing.dir=file:///elsewhere"
                                }));
        assertThat(c.get(RestOptions.PORT)).isEqualTo(8082);
        assertThat(c.get(RestOptions.BIND_ADDRESS)).isEqualTo("0.0.0.0");
        assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///elsewhere");
    }

    @Test
    void resumesFromTheLatestSnapshotUnlessDisabledOrGiven() throws Exception {
        Path chk = tmp.resolve("checkpoints/0123456789abcdef0123456789abcdef/chk-9");
        Files.createDirectories(chk);
        Files.write(chk.resolve("_metadata"), new byte[] {1});
        String dir = tmp.toString();

        RunnerArguments auto = RunnerArguments.parse(new String[] {"--local.state-dir", dir});
        assertThat(LocalRunner.resumePoint(auto, LocalRunner.flinkConfiguration(auto)))
                .hasValueSatisfying(s -> assertThat(s.checkpointId()).isEqualTo(9));

        RunnerArguments off =
                RunnerArguments.parse(
                        new String[] {"--local.state-dir", dir, "--local.resume", "false"});
        assertThat(LocalRunner.resumePoint(off, LocalRunner.flinkConfiguration(off))).isEmpty();

        RunnerArguments given =
                RunnerArguments.parse(
                        new String[] {
                            "--local.state-dir", dir, "-D", "execution.state-recovery.path=/sp/x"
                        });
        assertThat(LocalRunner.resumePoint(given, LocalRunner.flinkConfiguration(given))).isEmpty();
    }
}
