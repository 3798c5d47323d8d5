package dev.imageingest.bench.subject;

import dev.imageingest.ImageIngestJob;
import dev.imageingest.config.ConfigLoader;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.config.IngestOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The measured job JVM: the production graph exactly as {@link ImageIngestJob#configure} builds it
 * (SQS source, parse, async fetch+store, counters, Firehose sink, checkpointing), on a local
 * MiniCluster with {@code job.parallelism} slots, configured from a properties file written by the
 * driver. A {@link JvmSampler} records this JVM's CPU, GC and memory. Runs until killed.
 *
 * <pre>BenchJob --config job.properties --samples samples.csv --control DIR [--parent-pid PID]
 * </pre>
 */
public final class BenchJob {
    private BenchJob() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = args(args);
        watchParent(a.get("parent-pid"));
        IngestConfig config = IngestConfig.of(ConfigLoader.fromFile(Path.of(a.get("config"))));
        new JvmSampler(Path.of(a.get("samples")), Path.of(a.get("control")), 250).start();
        int parallelism = Math.max(1, config.get(IngestOptions.PARALLELISM));
        Configuration flink = new Configuration();
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink.set(RestOptions.BIND_PORT, "0"); // never collide with a demo's web UI on 8081
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
        ImageIngestJob.configure(env, config);
        JobClient job = env.executeAsync(config.get(IngestOptions.JOB_NAME));
        System.out.println("bench job running: " + job.getJobID());
        job.getJobExecutionResult().get(); // returns only if the job ends (it should not)
        System.err.println("bench job ended unexpectedly");
        System.exit(2);
    }

    /** {@code --key value} pairs. */
    public static Map<String, String> args(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return a;
    }

    /** Exits when the driver does, so a killed benchmark leaves no JVM behind. */
    public static void watchParent(String pid) {
        if (pid != null) {
            ProcessHandle.of(Long.parseLong(pid))
                    .ifPresentOrElse(
                            p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
                            () -> Runtime.getRuntime().halt(3));
        }
    }
}
