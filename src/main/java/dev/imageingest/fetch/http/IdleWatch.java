package dev.imageingest.fetch.http;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The {@code fetch.idle-timeout} of one exchange, kept by us instead of Jetty so that time spent
 * waiting for the {@link ByteBudget} is not silence: from the request's start, the exchange is
 * aborted with a {@link TimeoutException} when no progress (status line, header, body chunk) was
 * seen for the idle timeout while it was not {@link #pause paused}. A paused exchange is bounded by
 * the image's total deadline only. One check is scheduled at a time (cancelled on {@link #stop});
 * nothing blocks.
 */
final class IdleWatch {
    private final long idleNanos;
    private final ScheduledExecutorService scheduler;
    private volatile Consumer<Throwable> abort;
    private volatile ScheduledFuture<?> next;
    private volatile long lastNanos;
    private volatile boolean paused;
    private volatile boolean stopped;

    IdleWatch(long idleMillis, ScheduledExecutorService scheduler, Consumer<Throwable> abort) {
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.scheduler = scheduler;
        this.abort = abort;
    }

    /** Starts watching (the request is being sent). */
    void start() {
        lastNanos = System.nanoTime();
        schedule(idleNanos);
    }

    /** Progress was made: the silence starts again. */
    void activity() {
        lastNanos = System.nanoTime();
    }

    /** Reading is suspended on purpose (waiting for budget): silence does not count. */
    void pause() {
        paused = true;
    }

    /** Reading goes on: the silence starts now. */
    void resume() {
        lastNanos = System.nanoTime();
        paused = false;
    }

    /** Ends watching and lets go of the exchange (a pending check must not keep its body). */
    void stop() {
        stopped = true;
        abort = null;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        long silent = System.nanoTime() - lastNanos;
        if (paused || silent < idleNanos) {
            schedule(paused ? idleNanos : idleNanos - silent);
            return;
        }
        Consumer<Throwable> a = abort;
        stop();
        if (a != null) {
            a.accept(
                    new TimeoutException(
                            "Idle timeout " + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms"));
        }
    }

    private void schedule(long delayNanos) {
        try {
            next = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the downloader is closing: its close fails the exchange
        }
    }
}
