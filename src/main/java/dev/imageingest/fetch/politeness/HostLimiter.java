package dev.imageingest.fetch.politeness;

import dev.imageingest.backoff.Backoff;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-host politeness, fully asynchronous: nothing here blocks or sleeps; waits are futures
 * completed by the scheduler or by a permit release.
 *
 * <ul>
 *   <li><b>Concurrency:</b> at most the host's current limit of requests at a time, found per host
 *       by {@link AdaptiveLimit} (AIMD between {@code concurrency} and {@code maxConcurrency});
 *       further requests queue here (FIFO), not inside the HTTP client, so their HTTP timeouts only
 *       start once they are actually sent.
 *   <li><b>Rate:</b> with {@code ratePerSecond > 0}, requests to a host are spaced at least {@code
 *       1/rate} apart (a token bucket holding one token).
 *   <li><b>Backoff:</b> a 429/503 with Retry-After pauses the whole host for that long (capped by
 *       the backoff maximum); after {@value #FAILURE_THRESHOLD} consecutive failures (transport
 *       errors, timeouts, 5xx, 429) the host is paused {@code base * 2^(n - threshold)}, capped; a
 *       normal answer resets the count.
 * </ul>
 *
 * A waiter whose deadline passes leaves the queue with a {@link HostWaitTimeout}. Idle hosts are
 * forgotten, so the table stays as small as the set of hosts in use.
 */
public final class HostLimiter {
    /** Consecutive failures after which a host is paused between requests. */
    public static final int FAILURE_THRESHOLD = 3;

    private static final long FORGET_AFTER_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final int concurrency;
    private final int maxConcurrency;
    private final long intervalNanos;
    private final Backoff backoff;
    private final ScheduledExecutorService scheduler;
    private final Map<String, HostState> hosts = new HashMap<>();

    /** A fixed limit of {@code concurrency} requests per host. */
    public HostLimiter(
            int concurrency,
            double ratePerSecond,
            Backoff backoff,
            ScheduledExecutorService scheduler) {
        this(concurrency, concurrency, ratePerSecond, backoff, scheduler);
    }

    /** An adaptive limit per host, starting at {@code concurrency}, never above {@code max}. */
    public HostLimiter(
            int concurrency,
            int maxConcurrency,
            double ratePerSecond,
            Backoff backoff,
            ScheduledExecutorService scheduler) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1");
        }
        this.concurrency = concurrency;
        this.maxConcurrency = Math.max(concurrency, maxConcurrency);
        this.intervalNanos = ratePerSecond > 0 ? (long) (1_000_000_000L / ratePerSecond) : 0;
        this.backoff = backoff;
        this.scheduler = scheduler;
        scheduler.scheduleWithFixedDelay(this::forgetIdleHosts, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Completes with a permit for {@code host} once the host has a free slot, its rate allows and
     * it is not paused; fails with {@link HostWaitTimeout} if that is not before {@code
     * deadlineNanos} ({@link System#nanoTime()} based).
     */
    public CompletableFuture<HostPermit> acquire(String host, long deadlineNanos) {
        Waiter w = new Waiter(new CompletableFuture<>(), deadlineNanos);
        HostState s;
        synchronized (this) {
            s = hosts.computeIfAbsent(host, h -> new HostState(h, concurrency, maxConcurrency));
            s.waiters.add(w);
        }
        pump(s);
        if (!w.future.isDone()) {
            long delay = deadlineNanos - System.nanoTime();
            w.timeout =
                    scheduler.schedule(
                            () -> expire(s, w), Math.max(0, delay), TimeUnit.NANOSECONDS);
        }
        return w.future;
    }

    /** Requests currently holding a permit for {@code host} (for tests and metrics). */
    public synchronized int inUse(String host) {
        HostState s = hosts.get(host);
        return s == null ? 0 : s.inUse;
    }

    /** The current concurrency limit of {@code host} (its starting limit when not tracked). */
    public synchronized int limit(String host) {
        HostState s = hosts.get(host);
        return s == null ? concurrency : s.limit.current();
    }

    /**
     * The {@code n} busiest hosts (requests in flight, then waiting), for metrics: {@code
     * host=limit/inFlight/waiting/latencyMs/failures}, separated by "; ".
     */
    public synchronized String describeTop(int n) {
        List<HostState> all = new ArrayList<>(hosts.values());
        all.sort(
                (a, b) ->
                        a.inUse != b.inUse
                                ? Integer.compare(b.inUse, a.inUse)
                                : Integer.compare(b.waiters.size(), a.waiters.size()));
        StringBuilder out = new StringBuilder();
        for (HostState s : all.subList(0, Math.min(n, all.size()))) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(s.host)
                    .append('=')
                    .append(s.limit.current())
                    .append('/')
                    .append(s.inUse)
                    .append('/')
                    .append(s.waiters.size())
                    .append('/')
                    .append(Math.round(s.limit.latencyMillis()))
                    .append('/')
                    .append(s.limit.failures());
        }
        return out.toString();
    }

    /** Hosts currently tracked. */
    public synchronized int trackedHosts() {
        return hosts.size();
    }

    private void pump(HostState s) {
        List<Waiter> granted = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            while (!s.waiters.isEmpty() && s.inUse < s.limit.current()) {
                long readyAt = Math.max(s.pausedUntil, s.nextSendAt);
                if (readyAt - now > 0) {
                    schedulePump(s, readyAt - now);
                    break;
                }
                Waiter w = s.waiters.poll();
                if (w.future.isDone()) {
                    continue;
                }
                w.grantedAt = now;
                s.inUse++;
                s.lastUsed = now;
                if (intervalNanos > 0) {
                    s.nextSendAt = now + intervalNanos;
                }
                granted.add(w);
            }
        }
        for (Waiter w : granted) {
            Permit p = new Permit(s, w.grantedAt);
            if (w.timeout != null) {
                w.timeout.cancel(false);
            }
            if (!w.future.complete(p)) {
                p.released();
            }
        }
    }

    /** Caller holds the lock. */
    private void schedulePump(HostState s, long delayNanos) {
        long at = System.nanoTime() + delayNanos;
        if (s.pumpScheduledAt != 0 && s.pumpScheduledAt - at <= 0) {
            return;
        }
        s.pumpScheduledAt = at;
        scheduler.schedule(
                () -> {
                    synchronized (this) {
                        if (s.pumpScheduledAt == at) {
                            s.pumpScheduledAt = 0;
                        }
                    }
                    pump(s);
                },
                delayNanos,
                TimeUnit.NANOSECONDS);
    }

    private void expire(HostState s, Waiter w) {
        boolean removed;
        synchronized (this) {
            removed = s.waiters.remove(w);
            forgetIfIdle(s, System.nanoTime());
        }
        if (removed) {
            w.future.completeExceptionally(
                    new HostWaitTimeout(
                            "total deadline passed while waiting for host "
                                    + s.host
                                    + describe(s)));
        }
    }

    private synchronized String describe(HostState s) {
        long now = System.nanoTime();
        if (s.pausedUntil - now > 0) {
            return " (host paused after failures or Retry-After)";
        }
        if (s.inUse >= s.limit.current()) {
            return " (all " + s.limit.current() + " per-host slots busy)";
        }
        return " (per-host rate limit)";
    }

    private void release(HostState s, Outcome outcome, Duration retryAfter, long grantedAt) {
        synchronized (this) {
            long now = System.nanoTime();
            int inFlight = s.inUse;
            s.inUse--;
            switch (outcome) {
                case SUCCEEDED:
                    s.consecutiveFailures = 0;
                    s.limit.onSuccess(now - grantedAt, inFlight, now);
                    break;
                case FAILED:
                    s.limit.onFailure(now);
                    s.consecutiveFailures++;
                    if (s.consecutiveFailures >= FAILURE_THRESHOLD) {
                        pause(
                                s,
                                now,
                                backoff.ceiling(s.consecutiveFailures - FAILURE_THRESHOLD + 1));
                    }
                    break;
                case THROTTLED:
                    s.limit.onFailure(now);
                    s.consecutiveFailures++;
                    pause(s, now, backoff.cap(retryAfter));
                    break;
                case RELEASED:
                    break;
            }
            forgetIfIdle(s, now);
        }
        pump(s);
    }

    private static void pause(HostState s, long now, Duration d) {
        long until = now + d.toNanos();
        if (until - s.pausedUntil > 0) {
            s.pausedUntil = until;
        }
    }

    /** Caller holds the lock: drops a host that has nothing to remember. */
    private void forgetIfIdle(HostState s, long now) {
        if (s.inUse == 0
                && s.waiters.isEmpty()
                && s.limit.atInitial()
                && s.consecutiveFailures == 0
                && s.pausedUntil - now <= 0
                && s.nextSendAt - now <= 0) {
            hosts.remove(s.host, s);
        }
    }

    private synchronized void forgetIdleHosts() {
        long now = System.nanoTime();
        hosts.values()
                .removeIf(
                        s ->
                                s.inUse == 0
                                        && s.waiters.isEmpty()
                                        && s.pausedUntil - now <= 0
                                        && now - s.lastUsed > FORGET_AFTER_NANOS);
    }

    private enum Outcome {
        SUCCEEDED,
        FAILED,
        THROTTLED,
        RELEASED
    }

    private static final class HostState {
        final String host;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        final AdaptiveLimit limit;
        int inUse;
        int consecutiveFailures;
        long now0 = System.nanoTime();
        long pausedUntil = now0;
        long nextSendAt = now0;
        long lastUsed = now0;
        long pumpScheduledAt;

        HostState(String host, int concurrency, int maxConcurrency) {
            this.host = host;
            this.limit = new AdaptiveLimit(concurrency, maxConcurrency);
        }
    }

    private static final class Waiter {
        final CompletableFuture<HostPermit> future;
        final long deadlineNanos;
        volatile ScheduledFuture<?> timeout;
        long grantedAt;

        Waiter(CompletableFuture<HostPermit> future, long deadlineNanos) {
            this.future = future;
            this.deadlineNanos = deadlineNanos;
        }
    }

    private final class Permit implements HostPermit {
        private final HostState state;
        private final long grantedAt;
        private final AtomicBoolean done = new AtomicBoolean();

        Permit(HostState state, long grantedAt) {
            this.state = state;
            this.grantedAt = grantedAt;
        }

        @Override
        public void succeeded() {
            end(Outcome.SUCCEEDED, null);
        }

        @Override
        public void failed() {
            end(Outcome.FAILED, null);
        }

        @Override
        public void throttled(Duration retryAfter) {
            end(Outcome.THROTTLED, retryAfter);
        }

        @Override
        public void released() {
            end(Outcome.RELEASED, null);
        }

        private void end(Outcome outcome, Duration retryAfter) {
            if (done.compareAndSet(false, true)) {
                release(state, outcome, retryAfter, grantedAt);
            }
        }
    }
}
