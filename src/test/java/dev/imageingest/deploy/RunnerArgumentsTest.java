package dev.imageingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerArgumentsTest {

    @Test
    void splitsFlinkSettingsRunnerOptionsAndJobArguments() {
        RunnerArguments a =
                RunnerArguments.parse(
                        new String[] {
                            "-D",
                            "rest.port=8082",
                            "--config",
                            "job.properties",
                            "-Dparallelism.default=4",
                            "--sqs.queue-url",
                            "https://sqs.example/q",
                            "--local.state-dir",
                            "/var/lib/ingest",
                            "--fetch.capacity=64",
                            "--local.resume=false"
                        });
        assertThat(a.flinkSettings())
                .containsExactly(
                        Map.entry("rest.port", "8082"), Map.entry("parallelism.default", "4"));
        assertThat(a.stateDir()).isEqualTo(Path.of("/var/lib/ingest"));
        assertThat(a.resume()).isFalse();
        assertThat(a.jobArgs())
                .containsExactly(
                        "--config",
                        "job.properties",
                        "--sqs.queue-url",
                        "https://sqs.example/q",
                        "--fetch.capacity=64");
    }

    @Test
    void jobArgumentsStayValidForTheJobsLoaderWhileFlinkKeysNoLongerReachIt() {
        RunnerArguments a =
                RunnerArguments.parse(
                        new String[] {"-D", "rest.port=8082", "--job.name", "backfill"});
        assertThat(ConfigLoader.parseArgs(a.jobArgs()))
                .containsExactly(Map.entry("job.name", "backfill"));
    }

    @Test
    void defaultsResumeFromLocalState() {
        RunnerArguments a = RunnerArguments.parse(new String[0]);
        assertThat(a.resume()).isTrue();
        assertThat(a.stateDir()).isEqualTo(Path.of("local-state"));
        assertThat(a.flinkSettings()).isEmpty();
        assertThat(a.jobArgs()).isEmpty();
    }

    @Test
    void rejectsMalformedOptions() {
        assertThatThrownBy(() -> RunnerArguments.parse(new String[] {"-D"}))
                .hasMessageContaining("key=value");
        assertThatThrownBy(() -> RunnerArguments.parse(new String[] {"-D", "rest.port"}))
                .hasMessageContaining("rest.port");
        assertThatThrownBy(() -> RunnerArguments.parse(new String[] {"--local.resume", "maybe"}))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> RunnerArguments.parse(new String[] {"--local.port", "1"}))
                .hasMessageContaining("unknown runner option --local.port");
        assertThatThrownBy(() -> RunnerArguments.parse(new String[] {"--local.state-dir"}))
                .hasMessageContaining("needs a value");
    }
}
