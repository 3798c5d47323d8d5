package dev.imageingest.faults;

import dev.imageingest.ImageIngestJob;
import dev.imageingest.config.IngestConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The production job graph in a JVM of its own (a local MiniCluster), so a test can kill it with
 * SIGKILL: {@code java -cp ... JobProcessMain key=value ...}, the job configuration pointing at a
 * local stack that lives in the test's JVM.
 */
public final class JobProcessMain {
    private JobProcessMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ImageIngestJob.configure(env, IngestConfig.of(values));
        env.execute("image-ingest-in-own-jvm");
    }
}
