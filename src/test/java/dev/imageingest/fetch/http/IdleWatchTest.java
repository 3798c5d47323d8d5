package dev.imageingest.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleWatchTest {
    final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    final CompletableFuture<Throwable> aborted = new CompletableFuture<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void silenceLongerThanTheIdleTimeoutAborts() throws Exception {
        IdleWatch watch = new IdleWatch(50, scheduler, aborted::complete);
        watch.start();
        assertThat(aborted.get(5, TimeUnit.SECONDS))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("Idle timeout 50 ms");
    }

    @Test
    void waitingWhilePausedIsNotSilence() throws Exception {
        IdleWatch watch = new IdleWatch(50, scheduler, aborted::complete);
        watch.start();
        watch.pause();
        Thread.sleep(300); // six idle timeouts parked
        assertThat(aborted).isNotDone();
        watch.resume(); // silence counts again from now
        assertThat(aborted.get(5, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void stopCancelsTheCheckAndLetsGoOfTheExchange() throws Exception {
        scheduler.setRemoveOnCancelPolicy(true);
        IdleWatch watch = new IdleWatch(50, scheduler, aborted::complete);
        watch.start();
        watch.stop();
        assertThat(scheduler.getQueue()).isEmpty();
        Thread.sleep(150);
        assertThat(aborted).isNotDone();
    }
}
