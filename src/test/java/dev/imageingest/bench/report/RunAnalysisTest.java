package dev.imageingest.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.imageingest.bench.report.Timeline.Sample;
import dev.imageingest.bench.report.Timeline.Tick;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Phases and per-image figures from a synthetic timeline with known rates. */
class RunAnalysisTest {

    @Test
    void separatesStartupWarmupAndSteadyState() {
        long launch = 1_000_000;
        // start-up 5 s with no records, then 100 images/s costing 2 ms CPU each for 20 s (warm-up),
        // then 500 images/s costing 400 us each until 20,000 records, then a slow drain
        List<Tick> ticks = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        long records = 0;
        double cpu = 3e9; // 3 s of CPU for start-up
        for (int s = 0; s <= 80; s++) {
            long t = launch + s * 1000L;
            if (s > 5 && s <= 25) {
                records += 100;
                cpu += 100 * 2e6;
            } else if (s > 25 && records < 20_000) {
                records += 500;
                cpu += 500 * 4e5;
            } else if (s > 25) {
                records = Math.min(20_100, records + 10);
                cpu += 0.05e9;
            }
            ticks.add(
                    new Tick(
                            t,
                            records,
                            records,
                            records * 30_000,
                            records / 5,
                            records * 100_000L,
                            0,
                            0,
                            1.5));
            samples.add(
                    new Sample(
                            t,
                            (long) cpu,
                            s,
                            s * 2L,
                            100L << 20,
                            200L << 20,
                            50L << 20,
                            300_000,
                            310_000,
                            1));
        }
        RunAnalysis.Metrics m = RunAnalysis.analyse(ticks, samples, launch, 20_100, 2_000, 100);

        assertThat(m.startupSeconds()).isCloseTo(6, within(0.01));
        assertThat(m.startupCpuSeconds()).isCloseTo(3.2, within(0.01));
        assertThat(m.warmupImages()).isEqualTo(2_000);
        assertThat(m.warmupCpuUsPerImage()).isCloseTo(2_000, within(1.0));
        assertThat(m.warmupImagesPerSec()).isCloseTo(100, within(0.1));
        assertThat(m.steadyImagesPerSec()).isCloseTo(500, within(0.1));
        assertThat(m.steadyCpuUsPerImage()).isCloseTo(400, within(0.5));
        assertThat(m.steadyCpuCores()).isCloseTo(0.2, within(0.001));
        assertThat(m.steadyMBps()).isCloseTo(15, within(0.01));
        assertThat(m.steadyEndpointsCpuUsPerImage()).isCloseTo(100, within(0.1));
        assertThat(m.steadyToRecords()).isEqualTo(20_000);
        assertThat(m.rssHwmMb()).isCloseTo(310_000 / 1024.0, within(0.01));
        assertThat(m.liveHeapMb()).isCloseTo(50, within(0.01));
    }

    @Test
    void interpolatesCpuBetweenSamples() {
        List<Sample> s =
                List.of(
                        new Sample(1000, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                        new Sample(2000, 1_000, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(Timeline.cpuNsAt(s, 1500)).isEqualTo(500);
        assertThat(Timeline.cpuNsAt(s, 500)).isEqualTo(0);
        assertThat(Timeline.cpuNsAt(s, 5000)).isEqualTo(1000);
    }
}
