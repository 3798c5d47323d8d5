package dev.imageingest.fetch.politeness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The AIMD rules, fed with explicit times and latencies (no clock, no threads). */
class AdaptiveLimitTest {
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void slowStartAddsOnePerBindingAnswerUpToTheMaximum() {
        AdaptiveLimit l = new AdaptiveLimit(4, 10);
        long now = 0;
        for (int i = 0; i < 20; i++) {
            now += MS;
            l.onSuccess(100 * MS, l.current(), now);
        }
        assertThat(l.current()).isEqualTo(10);
        assertThat(l.atInitial()).isFalse();
    }

    @Test
    void answersWhileTheLimitIsNotBindingDoNotGrowIt() {
        AdaptiveLimit l = new AdaptiveLimit(4, 100);
        for (int i = 0; i < 50; i++) {
            l.onSuccess(100 * MS, 2, i * MS); // only 2 of 4 slots in use
        }
        assertThat(l.current()).isEqualTo(4);
        assertThat(l.atInitial()).isTrue();
    }

    @Test
    void aFailureHalvesOncePerRoundTripThenGrowthIsAdditive() {
        AdaptiveLimit l = new AdaptiveLimit(32, 64);
        l.onSuccess(100 * MS, 32, 0); // baseline 100 ms
        int before = l.current();
        l.onFailure(1 * MS);
        assertThat(l.current()).isEqualTo(before / 2);
        l.onFailure(50 * MS); // same round trip: no second cut
        l.onFailure(90 * MS);
        assertThat(l.current()).isEqualTo(before / 2);
        l.onFailure(250 * MS); // next round trip
        assertThat(l.current()).isEqualTo(before / 4);

        // congestion avoidance: about one more per limit's worth of answers
        int start = l.current();
        long now = 300 * MS;
        for (int i = 0; i < start; i++) {
            now += MS;
            l.onSuccess(100 * MS, l.current(), now);
        }
        assertThat(l.current()).isEqualTo(start + 1);
    }

    @Test
    void risingLatencyCutsTheLimitByATenth() {
        AdaptiveLimit l = new AdaptiveLimit(20, 100);
        l.onSuccess(10 * MS, 20, 0); // baseline 10 ms
        int before = l.current();
        long now = 0;
        for (int i = 0; i < 30; i++) { // the host now queues: 100 ms answers
            now += MS;
            l.onSuccess(100 * MS, 1, now); // (not binding, so it cannot grow meanwhile)
        }
        assertThat(l.current()).isLessThan(before).isGreaterThanOrEqualTo((int) (before * 0.9) - 1);
    }

    @Test
    void jitteryButUnloadedHostKeepsGrowing() {
        // answers anywhere in 0..40 ms, the same at any concurrency: no queueing, so no cuts
        AdaptiveLimit l = new AdaptiveLimit(8, 256);
        java.util.Random random = new java.util.Random(7);
        long now = 0;
        for (int i = 0; i < 5_000; i++) {
            now += MS;
            l.onSuccess((long) (random.nextDouble() * 40 * MS), l.current(), now);
        }
        assertThat(l.current()).isEqualTo(256);
    }

    @Test
    void fastHostIsNotCutForAFewMillisecondsOfNoise() {
        AdaptiveLimit l = new AdaptiveLimit(8, 64);
        long now = 0;
        for (int i = 0; i < 2_000; i++) {
            now += MS;
            // 0.2 ms answers with an occasional 10 ms stall (GC, a busy event loop)
            l.onSuccess(i % 10 == 0 ? 10 * MS : MS / 5, l.current(), now);
        }
        assertThat(l.current()).isEqualTo(64);
    }

    @Test
    void neverBelowOneAndFixedWhenInitialEqualsMaximum() {
        AdaptiveLimit l = new AdaptiveLimit(2, 8);
        for (int i = 0; i < 20; i++) {
            l.onFailure(i * 1000 * MS);
        }
        assertThat(l.current()).isEqualTo(1);

        AdaptiveLimit fixed = new AdaptiveLimit(5, 5);
        fixed.onFailure(0);
        for (int i = 0; i < 20; i++) {
            fixed.onSuccess(MS, 5, i * MS);
        }
        assertThat(fixed.current()).isEqualTo(5);
    }
}
