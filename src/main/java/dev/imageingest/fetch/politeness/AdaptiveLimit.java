package dev.imageingest.fetch.politeness;

import java.util.concurrent.TimeUnit;

/**
 * The concurrency limit of one host, found by AIMD as TCP finds its window: it starts at {@code
 * fetch.per-host-concurrency}, grows while the host answers promptly — by one per answer at first
 * (slow start, doubling per round trip), by one per round trip once it has backed off — and is
 * halved on a failure (timeout, reset, 5xx, 429) or cut by 10% when the smoothed latency rises to
 * {@value #TOLERANCE} times its recent minimum, and at least {@value #MIN_RISE_MILLIS} ms above it
 * (requests queueing at the host). The baseline is the minimum of the <em>smoothed</em> latency,
 * not of single answers: a host whose answers jitter (20 ± 20 ms) has single answers near 0 ms, and
 * a raw minimum made every ordinary answer look like queueing, so such hosts were cut on almost
 * every answer (measured by the benchmark: ~250 images/s against 973 with a fixed limit). The
 * absolute margin keeps sub-millisecond hosts (loopback, a CDN edge next door) from being cut for a
 * few milliseconds of our own scheduling noise. At most one decrease per round trip, so one burst
 * of failures from the same window halves it once. Never below 1 nor above {@code
 * fetch.per-host-max-concurrency}; with both equal the limit is fixed.
 *
 * <p>It grows only when the limit is actually binding (the host had as many requests in flight as
 * allowed), so an idle or lightly used host keeps its limit instead of inflating it. Not thread
 * safe: {@link HostLimiter} guards it.
 */
final class AdaptiveLimit {
    /** Latency this many times the baseline means the host is queueing our requests. */
    static final double TOLERANCE = 3.0;

    /** A rise smaller than this above the baseline is never taken for queueing. */
    static final long MIN_RISE_MILLIS = 50;

    /** The baseline (minimum) latency is re-learned this often, so it follows a host that slows. */
    static final long BASELINE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Shortest gap between two decreases when the round trip is shorter. */
    static final long MIN_DECREASE_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int initial;
    private final int max;
    private double limit;
    private boolean slowStart = true;
    private long baselineNanos = Long.MAX_VALUE;
    private long baselineAt;
    private double smoothedNanos = -1;
    private long lastDecreaseAt;
    private boolean decreased;
    private long successes;
    private long failures;

    AdaptiveLimit(int initial, int max) {
        this.initial = initial;
        this.max = Math.max(initial, max);
        this.limit = initial;
    }

    /** Requests the host may have in flight now. */
    int current() {
        return (int) limit;
    }

    /** Nothing learned yet: the host can be forgotten without loss. */
    boolean atInitial() {
        return slowStart && current() == initial;
    }

    /**
     * A normal answer after {@code latencyNanos}, with {@code inFlight} requests to the host (this
     * one included) when it ended.
     */
    void onSuccess(long latencyNanos, int inFlight, long now) {
        successes++;
        if (max == initial) {
            return;
        }
        smoothedNanos = smoothedNanos < 0 ? latencyNanos : 0.9 * smoothedNanos + 0.1 * latencyNanos;
        if (smoothedNanos < baselineNanos || now - baselineAt > BASELINE_WINDOW_NANOS) {
            baselineNanos = Math.max(1, (long) smoothedNanos);
            baselineAt = now;
        }
        double queueing =
                Math.max(
                        TOLERANCE * baselineNanos,
                        baselineNanos + TimeUnit.MILLISECONDS.toNanos(MIN_RISE_MILLIS));
        if (smoothedNanos > queueing) {
            decrease(0.9, now);
            return;
        }
        if (inFlight < current()) {
            return; // the limit was not what held the host back
        }
        limit = Math.min(max, slowStart ? limit + 1 : limit + 1.0 / limit);
    }

    /** A timeout, reset, 5xx or 429 from the host. */
    void onFailure(long now) {
        failures++;
        if (max == initial) {
            return;
        }
        decrease(0.5, now);
    }

    private void decrease(double factor, long now) {
        long gap =
                baselineNanos == Long.MAX_VALUE
                        ? MIN_DECREASE_GAP_NANOS
                        : Math.max(MIN_DECREASE_GAP_NANOS, baselineNanos);
        if (decreased && now - lastDecreaseAt < gap) {
            return;
        }
        limit = Math.max(1, limit * factor);
        slowStart = false;
        decreased = true;
        lastDecreaseAt = now;
    }

    /** Smoothed latency in milliseconds, -1 before the first answer. */
    double latencyMillis() {
        return smoothedNanos < 0 ? -1 : smoothedNanos / 1e6;
    }

    long successes() {
        return successes;
    }

    long failures() {
        return failures;
    }
}
