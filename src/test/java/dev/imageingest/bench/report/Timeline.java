package dev.imageingest.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run records over time: the driver's {@link Tick}s (endpoint counters, once a second) and
 * the measured JVM's {@link Sample}s (its own CPU and memory, every 250 ms).
 */
public final class Timeline {
    /** Endpoint-side view at one moment. */
    public record Tick(
            long epochMs,
            long records,
            long okRecords,
            long s3Bytes,
            long sqsRequests,
            long endpointsCpuNs,
            long queueVisible,
            long queueInFlight,
            double loadAverage) {}

    /** The measured JVM's view at one moment (see {@code JvmSampler}). */
    public record Sample(
            long epochMs,
            long cpuNs,
            long gcCount,
            long gcMs,
            long heapUsed,
            long heapCommitted,
            long oldAfterGc,
            long rssKb,
            long hwmKb,
            long jitMs) {}

    private Timeline() {}

    /** Parses the sampler's CSV; a torn last line (the JVM was killed mid-write) is skipped. */
    public static List<Sample> readSamples(Path file) throws IOException {
        List<Sample> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(",");
            if (f.length < 10 || !Character.isDigit(f[0].charAt(0))) {
                continue;
            }
            try {
                out.add(
                        new Sample(
                                Long.parseLong(f[0]),
                                Long.parseLong(f[1]),
                                Long.parseLong(f[2]),
                                Long.parseLong(f[3]),
                                Long.parseLong(f[4]),
                                Long.parseLong(f[5]),
                                Long.parseLong(f[6]),
                                Long.parseLong(f[7]),
                                Long.parseLong(f[8]),
                                Long.parseLong(f[9])));
            } catch (NumberFormatException e) {
                // torn line
            }
        }
        return out;
    }

    /** Linear interpolation of the JVM's CPU time at {@code epochMs}. */
    public static double cpuNsAt(List<Sample> samples, long epochMs) {
        if (samples.isEmpty()) {
            return 0;
        }
        Sample prev = samples.get(0);
        if (epochMs <= prev.epochMs()) {
            return prev.cpuNs();
        }
        for (Sample s : samples) {
            if (s.epochMs() >= epochMs) {
                double span = s.epochMs() - prev.epochMs();
                double f = span <= 0 ? 1 : (epochMs - prev.epochMs()) / span;
                return prev.cpuNs() + f * (s.cpuNs() - prev.cpuNs());
            }
            prev = s;
        }
        return prev.cpuNs();
    }

    /** GC time (ms) accumulated by {@code epochMs}, from the last sample at or before it. */
    public static long gcMsAt(List<Sample> samples, long epochMs) {
        long v = 0;
        for (Sample s : samples) {
            if (s.epochMs() > epochMs) {
                break;
            }
            v = s.gcMs();
        }
        return v;
    }

    /** Reads the ticks back from {@link #writeTicks}'s file (to re-draw a run's plot). */
    public static List<Tick> readTicks(Path file) throws IOException {
        List<Tick> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(",");
            if (f.length < 9 || !Character.isDigit(f[0].charAt(0))) {
                continue;
            }
            out.add(
                    new Tick(
                            Long.parseLong(f[0]),
                            Long.parseLong(f[1]),
                            Long.parseLong(f[2]),
                            Long.parseLong(f[3]),
                            Long.parseLong(f[4]),
                            Long.parseLong(f[5]),
                            Long.parseLong(f[6]),
                            Long.parseLong(f[7]),
                            Double.parseDouble(f[8])));
        }
        return out;
    }

    public static void writeTicks(Path file, List<Tick> ticks, List<Sample> samples)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(
                "epoch_ms,records,ok_records,s3_bytes,sqs_requests,endpoints_cpu_ns,queue_visible,queue_in_flight,load_avg,job_cpu_ns");
        for (Tick t : ticks) {
            lines.add(
                    t.epochMs()
                            + ","
                            + t.records()
                            + ","
                            + t.okRecords()
                            + ","
                            + t.s3Bytes()
                            + ","
                            + t.sqsRequests()
                            + ","
                            + t.endpointsCpuNs()
                            + ","
                            + t.queueVisible()
                            + ","
                            + t.queueInFlight()
                            + ","
                            + t.loadAverage()
                            + ","
                            + (long) cpuNsAt(samples, t.epochMs()));
        }
        Files.write(file, lines);
    }
}
