package dev.imageingest.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ByteBudgetTest {

    @Test
    void grantsWhileItFitsThenQueuesFifo() {
        ByteBudget budget = new ByteBudget(100);
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
        ByteBudget budget = new ByteBudget(100);
        ByteBudget.Reservation a = budget.reserve(100).join();
        a.shrinkTo(30);
        assertThat(budget.used()).isEqualTo(30);
        a.release();
        a.release();
        a.shrinkTo(0);
        assertThat(budget.used()).isZero();
    }

    @Test
    void abandonedRequestsLeaveTheQueueOrGiveBackTheirBytes() {
        ByteBudget budget = new ByteBudget(100);
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
    void refusesMoreThanTheWholeBudget() {
        assertThat(new ByteBudget(10).reserve(11)).isCompletedExceptionally();
    }
}
