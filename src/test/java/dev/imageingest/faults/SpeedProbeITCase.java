package dev.imageingest.faults;

import dev.imageingest.ImageIngestJob;
import dev.imageingest.config.IngestConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class SpeedProbeITCase {
    @Test
    void probe() throws Exception {
        int n = Integer.getInteger("probe.n", 3000);
        try (FaultStack faults = FaultStack.start()) {
            long t0 = System.nanoTime();
            faults.send(n);
            System.out.println(
                    "PROBE sent " + n + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            Map<String, String> values = faults.config(Integer.getInteger("probe.p", 2));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            ImageIngestJob.configure(env, IngestConfig.of(values));
            Map<String, Long> before = cpuByGroup();
            long t1 = System.nanoTime();
            JobClient job = env.executeAsync("probe");
            long last = System.nanoTime();
            int prev = 0;
            while (true) {
                int d = faults.deliveredIds();
                if (System.nanoTime() - last > 5_000_000_000L) {
                    System.out.println(
                            "PROBE t="
                                    + (System.nanoTime() - t1) / 1_000_000
                                    + "ms delivered "
                                    + d
                                    + " queue "
                                    + faults.stack().queueDepth());
                    last = System.nanoTime();
                }
                if (d >= n) break;
                Thread.sleep(250);
            }
            long ms = (System.nanoTime() - t1) / 1_000_000;
            Map<String, Long> after = cpuByGroup();
            System.out.println(
                    "PROBE delivered " + n + " in " + ms + " ms = " + (n * 1000L / ms) + "/s");
            Map<String, Long> diff = new TreeMap<>();
            after.forEach((k, v) -> diff.put(k, (v - before.getOrDefault(k, 0L)) / 1_000_000));
            diff.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .limit(25)
                    .forEach(
                            e ->
                                    System.out.println(
                                            "PROBE cpu " + e.getValue() + " ms " + e.getKey()));
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Long> cpuByGroup() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> m = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            ThreadInfo i = mx.getThreadInfo(id);
            long c = mx.getThreadCpuTime(id);
            if (i == null || c < 0) continue;
            String g = i.getThreadName().replaceAll("[0-9]+", "#");
            m.merge(g, c, Long::sum);
        }
        return m;
    }
}
