package dev.imageingest.deploy;

import dev.imageingest.ImageIngestJob;
import dev.imageingest.config.ConfigLoader;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.config.IngestOptions;
import dev.imageingest.settings.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RestoreMode;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the production job graph ({@link ImageIngestJob#configure}) on a local MiniCluster in this
 * JVM: for small backfills and for trying the job against real AWS without a cluster. Started by
 * {@code deploy/local/run.sh}, which puts the Flink runtime, a logging backend and the job jar on
 * the classpath.
 *
 * <p>Arguments (see {@link RunnerArguments}): {@code -D key=value} Flink settings, {@code
 * --local.state-dir DIR} and {@code --local.resume false}, and the job's own {@code --config FILE}
 * / {@code --key value}. Defaults chosen for one machine, each overridable with {@code -D}: web UI
 * and every RPC port bound to localhost, web UI on port 8081, checkpoints and savepoints under the
 * state directory, the latest checkpoint retained when the process ends and claimed (then cleaned
 * up) by the next run, exponential-delay restarts as on the cluster.
 *
 * <p>On start it resumes from the latest completed checkpoint or savepoint under the state
 * directory (unless {@code -D execution.state-recovery.path=...} names one, or {@code
 * --local.resume false}). Ctrl-C stops the job with a savepoint, which the next start resumes from;
 * if that fails, the last retained checkpoint is used instead.
 */
public final class LocalRunner {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    /** Straight to stdout: readable next to the console log. */
    private static final PrintStream OUT =
            new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private LocalRunner() {}

    public static void main(String[] args) throws Exception {
        RunnerArguments arguments;
        IngestConfig config;
        try {
            arguments = RunnerArguments.parse(args);
            config = ConfigLoader.fromArgs(arguments.jobArgs());
        } catch (IllegalArgumentException | ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println(
                    "usage: deploy/local/run.sh [-D flink.key=value ...] [--local.state-dir DIR]"
                            + " [--local.resume true|false] [--config FILE] [--job.key value ...]");
            System.exit(2);
            return;
        }
        Running running = start(arguments, config);
        say(
                "Job "
                        + running.job().getJobID()
                        + " running; web UI "
                        + running.webUi()
                        + "; checkpoints in "
                        + running.flink().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                        + ". Ctrl-C stops it with a savepoint in "
                        + running.savepointDir());
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(running::stopWithSavepointQuietly, "local-runner-stop"));
        try {
            running.job().getJobExecutionResult().get();
        } catch (Exception e) {
            say("The job failed: " + e);
            System.exit(1);
        }
    }

    /**
     * Starts the job on a local MiniCluster, resuming from the latest snapshot unless told not to;
     * returns once it is submitted.
     */
    public static Running start(RunnerArguments arguments, IngestConfig config) throws Exception {
        Configuration flink = flinkConfiguration(arguments);
        FileSystem.initialize(flink, PluginUtils.createPluginManagerFromRootFolder(flink));
        Optional<Snapshot> from = resumePoint(arguments, flink);
        if (from.isPresent()) {
            flink.set(StateRecoveryOptions.SAVEPOINT_PATH, from.get().path().toString());
            say("Resuming from " + from.get().kind() + " " + from.get().path());
        } else if (flink.contains(StateRecoveryOptions.SAVEPOINT_PATH)) {
            say("Starting from " + flink.get(StateRecoveryOptions.SAVEPOINT_PATH));
        } else {
            say(
                    "Starting fresh: "
                            + (arguments.resume()
                                    ? "no checkpoint or savepoint under "
                                    : "--local.resume false, not looking in ")
                            + arguments.stateDir().toAbsolutePath());
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        ImageIngestJob.configure(env, config);
        JobClient job = env.executeAsync(config.get(IngestOptions.JOB_NAME));
        return new Running(job, flink, from);
    }

    /** A job started by {@link #start}. */
    public static final class Running {
        private final JobClient job;
        private final Configuration flink;
        private final Optional<Snapshot> resumedFrom;

        Running(JobClient job, Configuration flink, Optional<Snapshot> resumedFrom) {
            this.job = job;
            this.flink = flink;
            this.resumedFrom = resumedFrom;
        }

        public JobClient job() {
            return job;
        }

        public Configuration flink() {
            return flink;
        }

        /** The snapshot found and restored, if any. */
        public Optional<Snapshot> resumedFrom() {
            return resumedFrom;
        }

        public String webUi() {
            return "http://" + flink.get(RestOptions.ADDRESS) + ":" + flink.get(RestOptions.PORT);
        }

        public String savepointDir() {
            return flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY);
        }

        /** Stop-with-savepoint; returns the savepoint's path. */
        public String stopWithSavepoint() throws Exception {
            return job.stopWithSavepoint(false, savepointDir(), SavepointFormatType.CANONICAL)
                    .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        /** The shutdown hook: a savepoint if the job still runs; never throws. */
        void stopWithSavepointQuietly() {
            try {
                if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                    return;
                }
                say("Stopping the job with a savepoint ...");
                say(
                        "Stopped with savepoint "
                                + stopWithSavepoint()
                                + "; the next start resumes from it.");
            } catch (Exception e) {
                say(
                        "No savepoint ("
                                + e
                                + "); the next start resumes from the latest retained checkpoint.");
            }
        }
    }

    /** The runner's Flink configuration: the {@code -D} settings over one-machine defaults. */
    public static Configuration flinkConfiguration(RunnerArguments arguments) {
        Configuration c = Configuration.fromMap(arguments.flinkSettings());
        // nothing listens beyond this machine unless asked to
        setDefault(c, RestOptions.BIND_ADDRESS, "localhost");
        setDefault(c, RestOptions.ADDRESS, "localhost");
        setDefault(c, RestOptions.PORT, 8081);
        setDefault(c, JobManagerOptions.BIND_HOST, "localhost");
        setDefault(c, JobManagerOptions.ADDRESS, "localhost");
        setDefault(c, TaskManagerOptions.BIND_HOST, "localhost");
        setDefault(c, TaskManagerOptions.HOST, "localhost");
        // state under one directory; the latest checkpoint survives the process and is claimed by
        // the next run (which deletes it once its own first checkpoint completes)
        java.nio.file.Path state = arguments.stateDir().toAbsolutePath().normalize();
        setDefault(
                c, CheckpointingOptions.CHECKPOINTS_DIRECTORY, uri(state.resolve("checkpoints")));
        setDefault(c, CheckpointingOptions.SAVEPOINT_DIRECTORY, uri(state.resolve("savepoints")));
        setDefault(
                c,
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        setDefault(c, CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 1);
        setDefault(c, StateRecoveryOptions.RESTORE_MODE, RestoreMode.CLAIM);
        // as flink-conf/config.yaml: retry transient failures quickly, back off to once a minute
        setDefault(c, RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        setDefault(
                c,
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofSeconds(1));
        setDefault(
                c,
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                Duration.ofMinutes(1));
        setDefault(
                c,
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
                2.0);
        return c;
    }

    /** The snapshot to resume from: none when disabled or when a path is given explicitly. */
    static Optional<Snapshot> resumePoint(RunnerArguments arguments, Configuration flink)
            throws IOException {
        if (!arguments.resume() || flink.contains(StateRecoveryOptions.SAVEPOINT_PATH)) {
            return Optional.empty();
        }
        return SnapshotFinder.latest(
                new Path(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)),
                new Path(flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)),
                null);
    }

    /** {@code file:///dir}, without the trailing slash an existing directory's URI gets. */
    private static String uri(java.nio.file.Path dir) {
        String uri = dir.toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static <T> void setDefault(Configuration c, ConfigOption<T> option, T value) {
        if (!c.contains(option)) {
            c.set(option, value);
        }
    }

    private static void say(String line) {
        OUT.println(line);
    }
}
