package dev.imageingest.bench.report;

import dev.imageingest.bench.report.Timeline.Sample;
import dev.imageingest.bench.report.Timeline.Tick;
import java.util.List;

/**
 * Turns a run's timeline into its figures. Phases, by records delivered to Firehose:
 * <b>start-up</b> from the JVM's launch to the first record; <b>warm-up</b> up to {@code warmup}
 * records; <b>steady state</b> from there to {@code messages - tail} records (the tail is the
 * drain, when the queue runs dry and throughput says nothing about the job). CPU is the measured
 * JVM's own process CPU time, interpolated at the tick times; images/s and MB/s come from the
 * endpoints' counters.
 */
public final class RunAnalysis {
    /** A run's figures; rates per second, CPU per image in microseconds. */
    public record Metrics(
            double startupSeconds,
            double startupCpuSeconds,
            long warmupImages,
            double warmupImagesPerSec,
            double warmupCpuUsPerImage,
            long steadyFromRecords,
            long steadyToRecords,
            double steadySeconds,
            double steadyImagesPerSec,
            double steadyMBps,
            double steadyCpuUsPerImage,
            double steadyCpuCores,
            double steadyEndpointsCpuUsPerImage,
            double steadyGcMsPerSec,
            double endToEndSeconds,
            double totalCpuSeconds,
            long gcCount,
            long gcMs,
            double peakHeapMb,
            double liveHeapMb,
            double rssHwmMb,
            double loadAverageMean) {}

    private RunAnalysis() {}

    public static Metrics analyse(
            List<Tick> ticks,
            List<Sample> samples,
            long launchEpochMs,
            long messages,
            long warmup,
            long tail) {
        if (ticks.isEmpty()) {
            throw new IllegalArgumentException("no ticks");
        }
        int first = firstIndex(ticks, 1);
        int warm = firstIndex(ticks, warmup);
        int end = lastIndexAtMost(ticks, messages - tail);
        if (first < 0) {
            first = ticks.size() - 1;
        }
        if (warm < 0) {
            warm = first;
        }
        if (end <= warm) {
            end = Math.min(ticks.size() - 1, Math.max(warm + 1, end));
        }
        Tick tFirst = ticks.get(first);
        Tick tWarm = ticks.get(warm);
        Tick tEnd = ticks.get(end);
        Tick last = ticks.get(ticks.size() - 1);

        double startupCpu = Timeline.cpuNsAt(samples, tFirst.epochMs());
        double warmCpu = Timeline.cpuNsAt(samples, tWarm.epochMs());
        double endCpu = Timeline.cpuNsAt(samples, tEnd.epochMs());
        double warmupSec = (tWarm.epochMs() - tFirst.epochMs()) / 1000.0;
        long warmupRecords = tWarm.records() - tFirst.records();
        double steadySec = (tEnd.epochMs() - tWarm.epochMs()) / 1000.0;
        long steadyRecords = tEnd.records() - tWarm.records();

        long gcCount = 0, gcMs = 0, hwm = 0;
        double peakHeap = 0, liveHeap = 0;
        for (Sample s : samples) {
            gcCount = s.gcCount();
            gcMs = s.gcMs();
            hwm = Math.max(hwm, s.hwmKb());
            peakHeap = Math.max(peakHeap, s.heapUsed());
            liveHeap = Math.max(liveHeap, s.oldAfterGc());
        }
        double load = 0;
        for (Tick t : ticks) {
            load += t.loadAverage();
        }
        long lastRecordMs = last.epochMs();
        for (Tick t : ticks) {
            if (t.records() >= last.records()) {
                lastRecordMs = t.epochMs();
                break;
            }
        }
        return new Metrics(
                (tFirst.epochMs() - launchEpochMs) / 1000.0,
                startupCpu / 1e9,
                tWarm.records(),
                rate(warmupRecords, warmupSec),
                perImageUs(warmCpu - startupCpu, warmupRecords),
                tWarm.records(),
                tEnd.records(),
                steadySec,
                rate(steadyRecords, steadySec),
                rate(tEnd.s3Bytes() - tWarm.s3Bytes(), steadySec) / 1e6,
                perImageUs(endCpu - warmCpu, steadyRecords),
                steadySec > 0 ? (endCpu - warmCpu) / 1e9 / steadySec : 0,
                perImageUs(tEnd.endpointsCpuNs() - tWarm.endpointsCpuNs(), steadyRecords),
                steadySec > 0
                        ? (Timeline.gcMsAt(samples, tEnd.epochMs())
                                        - Timeline.gcMsAt(samples, tWarm.epochMs()))
                                / steadySec
                        : 0,
                (lastRecordMs - launchEpochMs) / 1000.0,
                samples.isEmpty() ? 0 : samples.get(samples.size() - 1).cpuNs() / 1e9,
                gcCount,
                gcMs,
                peakHeap / (1024 * 1024),
                liveHeap / (1024 * 1024),
                hwm / 1024.0,
                load / ticks.size());
    }

    private static int firstIndex(List<Tick> ticks, long records) {
        for (int i = 0; i < ticks.size(); i++) {
            if (ticks.get(i).records() >= records) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexAtMost(List<Tick> ticks, long records) {
        int idx = -1;
        for (int i = 0; i < ticks.size(); i++) {
            if (ticks.get(i).records() <= records) {
                idx = i;
            }
        }
        return idx;
    }

    private static double rate(double amount, double seconds) {
        return seconds > 0 ? amount / seconds : 0;
    }

    private static double perImageUs(double cpuNs, long images) {
        return images > 0 ? cpuNs / 1000.0 / images : 0;
    }
}
