package dev.imageingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imageingest.bench.report.JfrSummary;
import dev.imageingest.bench.report.Plots;
import dev.imageingest.bench.report.RunAnalysis;
import dev.imageingest.bench.report.Timeline;
import dev.imageingest.bench.report.Timeline.Sample;
import dev.imageingest.bench.report.Timeline.Tick;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run: fresh endpoints, enqueue, start the measured JVM, tick once a second until every message
 * has its record and the queue is empty, stop, check, analyse, report.
 */
final class RunDriver {
    private static final long STALL_MILLIS = 180_000;

    private RunDriver() {}

    static RunResult run(BenchOptions o, Path dir) throws Exception {
        Files.createDirectories(dir);
        double loadStart = loadAverage();
        say(
                String.format(
                        Locale.ROOT,
                        "-- run %s in %s (load average %.1f)",
                        o.subject,
                        dir,
                        loadStart));
        try (EndpointsProcess endpoints = EndpointsProcess.start(o, dir)) {
            double enqueue = BenchEnqueue.run(o, endpoints);
            say(
                    String.format(
                            Locale.ROOT,
                            "   enqueued %,d messages in %.1f s (%,.0f/s)",
                            o.messages,
                            enqueue,
                            o.messages / enqueue));
            Path samples = dir.resolve("samples.csv");
            Path control = dir.resolve("control");
            Files.createDirectories(control);
            long launch = System.currentTimeMillis();
            Files.writeString(dir.resolve("launch-epoch-ms.txt"), Long.toString(launch));
            List<Tick> ticks = new ArrayList<>();
            JsonNode last;
            try (ChildJvm subject = Subject.start(o, endpoints, dir, samples, control)) {
                say("   started " + subject);
                last = watch(o, endpoints, subject, ticks, control);
            }
            Files.writeString(dir.resolve("endpoint-stats.json"), last.toPrettyString());
            List<Sample> sampled = Timeline.readSamples(samples);
            JsonNode check = endpoints.check();
            int warm = o.warmupImages();
            JsonNode latency = endpoints.latency(warm, o.messages - o.tailImages());
            RunAnalysis.Metrics m =
                    RunAnalysis.analyse(ticks, sampled, launch, o.messages, warm, o.tailImages());
            Timeline.writeTicks(dir.resolve("timeline.csv"), ticks, sampled);
            Plots.overTime(
                    ticks,
                    sampled,
                    launch,
                    String.format(
                            Locale.ROOT,
                            "%s: %,d messages, capacity %d, latency %d ms",
                            o.subject,
                            o.messages,
                            o.capacity,
                            o.latencyMillis),
                    dir.resolve("throughput-over-time.png"));
            RunResult r =
                    new RunResult(
                            o,
                            m,
                            check,
                            latency,
                            last.path("counters"),
                            enqueue,
                            loadStart,
                            loadAverage(),
                            Subject.tlsKeysAvailable());
            if (o.jfr && Files.exists(control.resolve("warm.jfr"))) {
                String summary = JfrSummary.summarise(control.resolve("warm.jfr"), 25);
                Files.writeString(dir.resolve("jfr-summary.txt"), summary);
                say(summary);
            }
            return r;
        }
    }

    /** Ticks until done; returns the last stats. Throws when the run cannot finish. */
    private static JsonNode watch(
            BenchOptions o, EndpointsProcess e, ChildJvm subject, List<Tick> ticks, Path control)
            throws Exception {
        long start = System.currentTimeMillis();
        long deadline = start + o.timeoutMinutes * 60_000L;
        long lastProgress = start;
        long lastRecords = -1;
        long lastDeleted = -1;
        long allRecordsAt = 0;
        long warm = o.warmupImages();
        long steadyEnd = o.messages - o.tailImages();
        boolean jfrStarted = false;
        boolean jfrStopped = false;
        long lastPrint = 0;
        long sqsBefore = -1;
        while (true) {
            Thread.sleep(1000);
            JsonNode s = e.stats();
            long now = s.path("timeMillis").asLong();
            long records = s.path("recordsDistinct").asLong();
            long deleted = s.path("queueDeleted").asLong();
            JsonNode c = s.path("counters");
            long sqs = c.path("sqs.requests").asLong() - c.path("sqs.SendMessageBatch").asLong();
            if (sqsBefore < 0) {
                sqsBefore = sqs;
            }
            ticks.add(
                    new Tick(
                            now,
                            records,
                            s.path("okRecords").asLong(),
                            c.path("s3.put-bytes").asLong(),
                            sqs - sqsBefore,
                            s.path("cpuNanos").asLong(),
                            s.path("queueVisible").asLong(),
                            s.path("queueInFlight").asLong(),
                            loadAverage()));
            if (now - lastPrint >= 5000) {
                lastPrint = now;
                progress(ticks, start, o.messages, s);
            }
            if (o.jfr && !jfrStarted && records >= warm) {
                Files.writeString(control.resolve("jfr.start"), "");
                jfrStarted = true;
                say("   JFR recording started at " + records + " records");
            }
            if (jfrStarted && !jfrStopped && records >= steadyEnd) {
                Files.writeString(control.resolve("jfr.stop"), "");
                jfrStopped = true;
                waitFor(control.resolve("jfr.done"), 60_000);
                say("   JFR recording stopped at " + records + " records");
            }
            boolean empty =
                    s.path("queueVisible").asLong() == 0 && s.path("queueInFlight").asLong() == 0;
            if (records >= o.messages && allRecordsAt == 0) {
                allRecordsAt = now;
            }
            if (records >= o.messages && empty) {
                return s;
            }
            if (allRecordsAt > 0 && now - allRecordsAt > 60_000) {
                say(
                        "   every message has a record, but the queue is not empty after 60 s: stopping");
                return s;
            }
            if (records != lastRecords || deleted != lastDeleted) {
                lastRecords = records;
                lastDeleted = deleted;
                lastProgress = now;
            }
            if (!subject.alive()) {
                throw new IllegalStateException(o.subject + " JVM exited; see " + subject.log());
            }
            if (now - lastProgress > STALL_MILLIS || now > deadline) {
                throw new IllegalStateException(
                        "no progress (or timeout) at "
                                + records
                                + " records; see "
                                + subject.log());
            }
        }
    }

    private static void progress(List<Tick> ticks, long start, long messages, JsonNode s) {
        Tick now = ticks.get(ticks.size() - 1);
        Tick before = ticks.get(Math.max(0, ticks.size() - 6));
        double dt = Math.max(0.001, (now.epochMs() - before.epochMs()) / 1000.0);
        say(
                String.format(
                        Locale.ROOT,
                        "   [%4.0fs] records %,d/%,d (OK %,d) | %,.0f images/s | queue %d visible, %d in flight | load %.1f",
                        (now.epochMs() - start) / 1000.0,
                        now.records(),
                        messages,
                        now.okRecords(),
                        (now.records() - before.records()) / dt,
                        now.queueVisible(),
                        now.queueInFlight(),
                        now.loadAverage()));
    }

    private static void waitFor(Path file, long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (!Files.exists(file) && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage();
        }
    }

    static void say(String line) {
        System.out.println(line);
    }
}
