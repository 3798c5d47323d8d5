package dev.imageingest.bench;

import dev.imageingest.bench.report.Plots;
import dev.imageingest.bench.report.ResultCsv;
import dev.imageingest.bench.report.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The throughput benchmark: the real job graph on a local MiniCluster in its own JVM, against fast
 * loopback SQS, S3, Firehose and image-host endpoints in another JVM, so the job's CPU per image is
 * its own. Reports start-up, warm-up and steady state separately, checks every message ended with
 * one record and its object, appends one CSV row per run and draws PNG plots. See {@link
 * BenchOptions#USAGE}; never run by the tests.
 *
 * <pre>mvn -q test-compile exec:exec@bench -Dbench.args="--messages 50000 --https-fraction 0"</pre>
 */
public final class Benchmark {
    private Benchmark() {}

    public static void main(String[] args) {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.println(BenchOptions.USAGE);
            System.exit(0);
        }
        int code;
        try {
            code = run(o);
        } catch (Exception e) {
            e.printStackTrace(System.out);
            code = 1;
        }
        System.exit(code);
    }

    private static int run(BenchOptions o) throws Exception {
        if (o.replot != null) {
            replot(o);
            return 0;
        }
        Files.createDirectories(o.out);
        List<Ceilings.Ceiling> ceilings = List.of();
        if (o.ceiling || o.ceilingOnly) {
            ceilings = Ceilings.measure(o, o.out.resolve("ceiling"));
            Ceilings.write(o.out.resolve("ceilings.csv"), ceilings, RunDriver.loadAverage());
            if (o.ceilingOnly) {
                return 0;
            }
        }
        List<BenchOptions> plan = new ArrayList<>();
        if (o.sweep) {
            for (int latency : o.latencies) {
                for (int capacity : o.capacities) {
                    plan.add(o.with(capacity, latency, o.subject));
                }
            }
        } else if (o.compare) {
            for (String s : List.of("job", "bare", "bare-batch")) {
                plan.add(o.with(o.capacity, o.latencyMillis, s));
            }
        } else {
            plan.add(o);
        }
        List<RunResult> results = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < plan.size(); i++) {
            BenchOptions r = plan.get(i);
            Path dir =
                    o.out.resolve(
                            String.format(
                                    Locale.ROOT,
                                    "run-%s-%s-c%d-l%d",
                                    stamp(),
                                    r.subject,
                                    r.capacity,
                                    r.latencyMillis));
            try {
                RunResult result = RunDriver.run(r, dir);
                results.add(result);
                RunDriver.say(result.report());
                if (!ceilings.isEmpty()) {
                    RunDriver.say(beside(result, ceilings));
                }
                ResultCsv.append(o.csv, result.row());
                if (!result.pass()) {
                    failures++;
                }
            } catch (Exception e) {
                failures++;
                RunDriver.say(
                        "RUN FAILED ("
                                + r.subject
                                + ", capacity "
                                + r.capacity
                                + ", latency "
                                + r.latencyMillis
                                + "): "
                                + e);
            }
        }
        summary(results);
        plots(o);
        RunDriver.say(
                "results: "
                        + o.csv.toAbsolutePath()
                        + "  plots and run directories: "
                        + o.out.toAbsolutePath());
        return failures == 0 ? 0 : 1;
    }

    private static String stamp() {
        return java.time.LocalTime.now().toString().substring(0, 8).replace(":", "");
    }

    /** The run's rates next to what each endpoint can do on its own. */
    static String beside(RunResult r, List<Ceilings.Ceiling> ceilings) {
        StringBuilder s =
                new StringBuilder("endpoint ceilings measured on this machine (the run used):\n");
        for (Ceilings.Ceiling c : ceilings) {
            s.append(c.line());
            double used =
                    switch (c.mode()) {
                        case "image-http" ->
                                r.m().steadyImagesPerSec() * (1 - r.options().httpsFraction);
                        case "image-https" ->
                                r.m().steadyImagesPerSec() * r.options().httpsFraction;
                        case "s3", "sqs", "firehose" -> r.m().steadyImagesPerSec();
                        default -> 0;
                    };
            s.append(
                    String.format(
                            Locale.ROOT,
                            "   <- run: %,.0f %s/s (%.0f%%)%n",
                            used,
                            Ceilings.unit(c.mode()),
                            c.itemsPerSec() > 0 ? 100 * used / c.itemsPerSec() : 0));
        }
        return s.toString();
    }

    private static void summary(List<RunResult> results) {
        if (results.size() < 2) {
            return;
        }
        RunDriver.say(
                "subject     capacity latency  images/s  CPU us/image  warm-up us/image  p99 ms  check");
        for (RunResult r : results) {
            RunDriver.say(
                    String.format(
                            Locale.ROOT,
                            "%-11s %8d %7d %9.0f %13.0f %17.0f %7d  %s",
                            r.options().subject,
                            r.options().capacity,
                            r.options().latencyMillis,
                            r.m().steadyImagesPerSec(),
                            r.m().steadyCpuUsPerImage(),
                            r.m().warmupCpuUsPerImage(),
                            r.p("toProcessedAt", 2),
                            r.pass() ? "PASS" : "FAIL"));
        }
    }

    /** Re-draws a finished run's plot over time (and the capacity plots of --csv, if any). */
    private static void replot(BenchOptions o) throws Exception {
        Path dir = o.replot;
        List<Timeline.Sample> samples = Timeline.readSamples(dir.resolve("samples.csv"));
        Path launchFile = dir.resolve("launch-epoch-ms.txt");
        long launch =
                Files.exists(launchFile)
                        ? Long.parseLong(Files.readString(launchFile).trim())
                        : samples.get(0).epochMs();
        Plots.overTime(
                Timeline.readTicks(dir.resolve("timeline.csv")),
                samples,
                launch,
                dir.getFileName().toString(),
                dir.resolve("throughput-over-time.png"));
        Files.createDirectories(o.out);
        plots(o);
        RunDriver.say("re-drew " + dir.resolve("throughput-over-time.png"));
    }

    /**
     * Plots against capacity from every job row of the CSV (runs accumulate across invocations).
     */
    private static void plots(BenchOptions o) throws Exception {
        if (!Files.exists(o.csv)) {
            return;
        }
        List<Map<String, String>> rows = ResultCsv.read(o.csv);
        if (rows.stream()
                        .filter(r -> "job".equals(r.get("subject")))
                        .map(r -> r.get("capacity"))
                        .distinct()
                        .count()
                < 2) {
            return;
        }
        Plots.byCapacity(
                rows,
                "job",
                "steady_images_per_s",
                "Steady-state throughput against capacity",
                "images/s",
                o.out.resolve("throughput-vs-capacity.png"));
        Plots.byCapacity(
                rows,
                "job",
                "steady_cpu_us_per_image",
                "Job CPU per image against capacity",
                "CPU microseconds per image",
                o.out.resolve("cpu-per-image-vs-capacity.png"));
    }
}
