package dev.imageingest.faults;

import dev.imageingest.ImageIngestJob;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.localstack.LocalDemo;
import dev.imageingest.localstack.SampleCatalog;
import dev.imageingest.localstack.SampleCatalog.SampleMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a fault test's time goes: sends {@code messages} of the sample mix with at most {@code
 * maxTransient} always-500 URLs to the {@link FaultStack}, runs the production graph on a local
 * MiniCluster and prints, every 5 s, how many distinct records were delivered, then how long the
 * bulk and the tail took. Not a test (no assertions): a measuring tool.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=dev.imageingest.faults.TailProbe \
 *     -Dexec.classpathScope=test -Dexec.args="3000 60"
 * </pre>
 */
public final class TailProbe {
    private TailProbe() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        int maxTransient = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (FaultStack faults = FaultStack.start()) {
            List<SampleMessage> samples =
                    SampleCatalog.generate(
                            faults.stack().images(),
                            messages,
                            FaultStack.DISTINCT_IMAGES,
                            maxTransient);
            faults.sendAll(samples);
            long transients = samples.stream().filter(s -> s.body().contains("/error/")).count();
            Configuration flink = new Configuration();
            LocalDemo.useThisClassLoaderForJobs(flink); // runs under mvn exec:java
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(flink);
            ImageIngestJob.configure(env, IngestConfig.of(faults.config(2)));
            long start = System.nanoTime();
            JobClient job = env.executeAsync("tail-probe");
            long bulkDoneAt = 0;
            long lastPrint = 0;
            int delivered;
            while ((delivered = faults.deliveredIds()) < messages) {
                long now = System.nanoTime();
                if (bulkDoneAt == 0 && delivered >= messages - transients) {
                    bulkDoneAt = now;
                }
                if (now - lastPrint > 5_000_000_000L) {
                    System.out.printf(
                            "[%5.1f s] delivered %d of %d%n",
                            (now - start) / 1e9, delivered, messages);
                    lastPrint = now;
                }
                Thread.sleep(250);
            }
            double total = (System.nanoTime() - start) / 1e9;
            double bulk = bulkDoneAt == 0 ? total : (bulkDoneAt - start) / 1e9;
            System.out.printf(
                    "%d messages (%d at always-500 URLs): all but those delivered after %.1f s,"
                            + " all after %.1f s (tail %.1f s)%n",
                    messages, transients, bulk, total, total - bulk);
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }
}
