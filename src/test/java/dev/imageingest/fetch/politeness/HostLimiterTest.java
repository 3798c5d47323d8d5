package dev.imageingest.fetch.politeness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.backoff.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostLimiterTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static long in(long ms) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void limitsConcurrencyPerHostAndQueuesFifo() throws Exception {
        HostLimiter limiter = new HostLimiter(2, 0, backoff, scheduler);
        List<CompletableFuture<HostPermit>> a = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            a.add(limiter.acquire("a.test", in(5000)));
        }
        CompletableFuture<HostPermit> other = limiter.acquire("b.test", in(5000));
        assertThat(a.get(0)).isDone();
        assertThat(a.get(1)).isDone();
        assertThat(a.get(2)).isNotDone();
        assertThat(other).isDone(); // another host is not affected
        assertThat(limiter.inUse("a.test")).isEqualTo(2);
        a.get(0).get().succeeded();
        assertThat(a.get(2).get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(a.get(3)).isNotDone();
        a.get(0).get().succeeded(); // a second release of the same permit is ignored
        assertThat(a.get(3)).isNotDone();
    }

    @Test
    void waiterGivesUpAtItsDeadline() throws Exception {
        HostLimiter limiter = new HostLimiter(1, 0, backoff, scheduler);
        HostPermit held = limiter.acquire("a.test", in(5000)).get();
        CompletableFuture<HostPermit> late = limiter.acquire("a.test", in(50));
        ExecutionException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(HostWaitTimeout.class);
        held.succeeded();
        assertThat(limiter.inUse("a.test")).isZero();
        assertThat(limiter.acquire("a.test", in(5000)).get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void rateSpacesRequestsToOneHost() throws Exception {
        HostLimiter limiter = new HostLimiter(10, 20, backoff, scheduler); // 50 ms apart
        long start = System.nanoTime();
        List<CompletableFuture<HostPermit>> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(limiter.acquire("a.test", in(5000)));
        }
        assertThat(all.get(0)).isDone();
        for (CompletableFuture<HostPermit> f : all) {
            f.get(5, TimeUnit.SECONDS).succeeded();
        }
        // the 5th grant cannot come before 4 intervals have passed
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(200);
        assertThat(limiter.acquire("b.test", in(5000))).isDone(); // other hosts unaffected
    }

    @Test
    void retryAfterPausesTheWholeHostCapped() throws Exception {
        HostLimiter limiter = new HostLimiter(4, 0, backoff, scheduler);
        HostPermit p = limiter.acquire("a.test", in(5000)).get();
        long throttledAt = System.nanoTime();
        p.throttled(Duration.ofHours(1)); // capped at 400 ms
        CompletableFuture<HostPermit> next = limiter.acquire("a.test", in(5000));
        assertThat(next).isNotDone();
        next.get(5, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - throttledAt))
                .isGreaterThanOrEqualTo(390);
        assertThat(limiter.acquire("b.test", in(5000))).isDone();
    }

    @Test
    void hostThatKeepsFailingIsSlowedAndSuccessResetsIt() throws Exception {
        HostLimiter limiter = new HostLimiter(4, 0, backoff, scheduler);
        for (int i = 0; i < HostLimiter.FAILURE_THRESHOLD - 1; i++) {
            limiter.acquire("a.test", in(5000)).get().failed();
        }
        assertThat(limiter.acquire("a.test", in(5000))).isDone(); // below the threshold: no pause
        HostLimiter fresh = new HostLimiter(4, 0, backoff, scheduler);
        for (int i = 0; i < HostLimiter.FAILURE_THRESHOLD; i++) {
            fresh.acquire("a.test", in(5000)).get().failed();
        }
        long failedAt = System.nanoTime();
        CompletableFuture<HostPermit> paused = fresh.acquire("a.test", in(5000));
        assertThat(paused).isNotDone();
        paused.get(5, TimeUnit.SECONDS).succeeded();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failedAt))
                .isGreaterThanOrEqualTo(90);
        assertThat(fresh.acquire("a.test", in(5000))).isDone(); // success reset the count
    }

    @Test
    void idleHostsAreForgotten() throws Exception {
        HostLimiter limiter = new HostLimiter(4, 0, backoff, scheduler);
        for (int i = 0; i < 100; i++) {
            limiter.acquire("h" + i + ".test", in(5000)).get().succeeded();
        }
        assertThat(limiter.trackedHosts()).isZero();
    }
}
