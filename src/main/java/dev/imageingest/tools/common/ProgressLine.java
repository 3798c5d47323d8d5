package dev.imageingest.tools.common;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls a line supplier at a fixed interval from a daemon thread until closed and prints each
 * non-null line. An interval of zero disables it.
 */
public final class ProgressLine implements AutoCloseable {
    private final ScheduledExecutorService timer;

    public ProgressLine(PrintStream err, Duration interval, Supplier<String> line) {
        if (interval.isZero() || interval.isNegative()) {
            timer = null;
            return;
        }
        timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "progress");
                            t.setDaemon(true);
                            return t;
                        });
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(
                () -> {
                    try {
                        String text = line.get();
                        if (text != null) {
                            err.println(text);
                        }
                    } catch (RuntimeException e) {
                        err.println("progress: " + e);
                    }
                },
                millis,
                millis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** {@code count} per second over {@code elapsedNanos}, 0 before any time has passed. */
    public static double rate(long count, long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : count * 1e9 / elapsedNanos;
    }

    /** "ETA 1m05s" from the fraction done so far, or "" when the total is unknown. */
    public static String eta(double fractionDone, long elapsedNanos) {
        if (Double.isNaN(fractionDone) || fractionDone <= 0 || fractionDone > 1) {
            return "";
        }
        long remaining = (long) (elapsedNanos * (1 - fractionDone) / fractionDone);
        return " eta=" + duration(remaining) + String.format(" (%.0f%%)", fractionDone * 100);
    }

    /** Compact human duration: 45s, 3m07s, 2h05m. */
    public static String duration(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
