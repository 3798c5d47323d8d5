package dev.imageingest.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ByteBudgetTest {

    @Test
    void grantsWhileItFitsThenQueuesFifo() {
        ByteBudget budget = new ByteBudget(200, 100); // general pool 100
        ByteBudget.Reservation a = budget.reserve(60).join();
        CompletableFuture<ByteBudget.Reservation> b = budget.reserve(50);
        CompletableFuture<ByteBudget.Reservation> c = budget.reserve(10); // fits, but b is first
        assertThat(b).isNotDone();
        assertThat(c).isNotDone();
        a.release();
        assertThat(b).isDone();
        assertThat(c).isDone();
        assertThat(budget.used()).isEqualTo(60);
        assertThat(budget.highWater()).isEqualTo(60);
    }

    @Test
    void shrinkAndReleaseReturnBytesOnce() {
        ByteBudget budget = new ByteBudget(200, 100);
        ByteBudget.Reservation a = budget.reserve(100).join();
        a.shrinkTo(30);
        assertThat(budget.used()).isEqualTo(30);
        assertThat(a.growTo(40)).as("no growth once complete").isCompletedExceptionally();
        a.release();
        a.release();
        a.shrinkTo(0);
        assertThat(budget.used()).isZero();
    }

    @Test
    void abandonedRequestsLeaveTheQueueOrGiveBackTheirBytes() {
        ByteBudget budget = new ByteBudget(200, 100);
        ByteBudget.Reservation a = budget.reserve(100).join();
        CompletableFuture<ByteBudget.Reservation> waiting = budget.reserve(80);
        budget.abandon(waiting);
        assertThat(budget.waiting()).isZero();
        a.release();
        assertThat(budget.used()).isZero();
        CompletableFuture<ByteBudget.Reservation> granted = budget.reserve(40);
        budget.abandon(granted);
        budget.abandon(granted);
        assertThat(budget.used()).isZero();
    }

    @Test
    void refusesMoreThanOneBodyAndACapacityBelowTwoBodies() {
        assertThat(new ByteBudget(20, 10).reserve(11)).isCompletedExceptionally();
        assertThat(new ByteBudget(20, 10).reserve(1).join().growTo(11)).isCompletedExceptionally();
        assertThatThrownBy(() -> new ByteBudget(19, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void growthTakesTheGeneralPoolThenTheTokenOneGrowerAtATime() {
        ByteBudget budget = new ByteBudget(300, 100); // general pool 200, growth reserve 100
        ByteBudget.Reservation a = budget.reserve(50).join();
        ByteBudget.Reservation b = budget.reserve(50).join();
        assertThat(a.growTo(80)).as("fits the general pool").isDone();
        ByteBudget.Reservation x = budget.reserve(70).join(); // general pool full
        assertThat(a.growTo(100)).as("token: grows from the reserve").isCompleted();
        assertThat(budget.reserveUsed()).isEqualTo(20);
        CompletableFuture<Void> bGrows = b.growTo(100);
        assertThat(bGrows).as("token taken, pool full").isNotDone();
        CompletableFuture<ByteBudget.Reservation> c = budget.reserve(20);
        assertThat(c).as("growers first").isNotDone();

        x.release(); // 70 free in the general pool: b's 50 first, then c's 20
        assertThat(bGrows).isCompleted();
        assertThat(c).isCompleted();
        assertThat(b.bytes()).isEqualTo(100);

        a.shrinkTo(90); // reserve bytes go back first: 10 left in the reserve
        assertThat(budget.reserveUsed()).isEqualTo(10);
        c.join().release(); // now a's reserve bytes fit the general pool: the token is free
        assertThat(budget.reserveUsed()).isZero();
        assertThat(budget.used()).isEqualTo(190);
        assertThat(budget.highWater()).isLessThanOrEqualTo(300);
        a.release();
        b.release();
        assertThat(budget.used()).isZero();
    }

    @Test
    void releasingAWaitingGrowerCancelsItsGrowthAndPassesTheToken() {
        ByteBudget budget = new ByteBudget(200, 100);
        ByteBudget.Reservation a = budget.reserve(50).join();
        ByteBudget.Reservation b = budget.reserve(50).join();
        ByteBudget.Reservation c = budget.reserve(0).join();
        assertThat(a.growTo(100)).isCompleted(); // token
        CompletableFuture<Void> bGrows = b.growTo(100);
        CompletableFuture<Void> cGrows = c.growTo(50);
        assertThat(budget.growing()).isEqualTo(2);
        b.release(); // abandoned while waiting: leaves the queue, its 50 serve c
        assertThat(bGrows).isCompletedExceptionally();
        assertThatThrownBy(bGrows::join).isInstanceOf(CancellationException.class);
        assertThat(cGrows).isCompleted();
        assertThat(budget.growing()).isZero();
        a.release(); // token holder released: reserve empty, token free
        assertThat(budget.reserveUsed()).isZero();
        c.release();
        assertThat(budget.used()).isZero();
    }

    /**
     * Every holder wants to grow at once, beyond what the general pool holds: with one reservation
     * for everybody's maximum (old design) or plain incremental reservations this deadlocks or
     * starves; the growth token lets each body finish in turn.
     */
    @Test
    void manyUnknownLengthBodiesAllGrowingAllComplete() throws Exception {
        long mb = 1024 * 1024;
        ByteBudget budget = new ByteBudget(4 * mb, 2 * mb);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ScheduledExecutorService putDelay = Executors.newSingleThreadScheduledExecutor();
        try {
            List<CompletableFuture<Long>> bodies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                bodies.add(
                        budget.reserve(256 * 1024)
                                .thenComposeAsync(r -> read(r, 256 * 1024, 3 * mb / 2, pool), pool)
                                .thenCompose(r -> heldForAPut(r, putDelay)));
            }
            for (CompletableFuture<Long> body : bodies) {
                assertThat(body.get(20, TimeUnit.SECONDS)).isEqualTo(3 * mb / 2);
            }
            assertThat(budget.used()).isZero();
            assertThat(budget.waiting()).isZero();
            assertThat(budget.highWater()).isLessThanOrEqualTo(4 * mb).isGreaterThan(2 * mb);
        } finally {
            pool.shutdownNow();
            putDelay.shutdownNow();
        }
    }

    /** Grows in 64-256 KB steps (chunks arriving) up to {@code size}, then completes. */
    private static CompletableFuture<ByteBudget.Reservation> read(
            ByteBudget.Reservation r, long have, long size, ExecutorService pool) {
        if (have >= size) {
            r.shrinkTo(size);
            return CompletableFuture.completedFuture(r);
        }
        long next = Math.min(size, have + ThreadLocalRandom.current().nextLong(64, 257) * 1024);
        return r.growTo(next).thenComposeAsync(v -> read(r, next, size, pool), pool);
    }

    private static CompletableFuture<Long> heldForAPut(
            ByteBudget.Reservation r, ScheduledExecutorService putDelay) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        putDelay.schedule(
                () -> {
                    long size = r.bytes();
                    r.release();
                    done.complete(size);
                },
                2,
                TimeUnit.MILLISECONDS);
        return done;
    }
}
