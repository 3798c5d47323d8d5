package dev.imageingest.source.sqs.reader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiptHandleTrackerTest {

    @Test
    void nothingIsReleasedBeforeItsCheckpointCompletes() {
        ReceiptHandleTracker t = new ReceiptHandleTracker();
        t.stage("a");
        t.stage("b");
        assertThat(t.takeUpTo(5)).isEmpty(); // staged, but in no checkpoint yet
        t.seal(1);
        t.stage("c");
        t.seal(2);
        t.stage("d"); // after checkpoint 2's barrier
        assertThat(t.pendingCount()).isEqualTo(4);
        assertThat(t.sealedHandles()).containsExactly("a", "b", "c");

        assertThat(t.takeUpTo(1)).containsExactly("a", "b");
        assertThat(t.takeUpTo(1)).isEmpty();
        assertThat(t.pendingCount()).isEqualTo(2);
    }

    @Test
    void aCompletedCheckpointSubsumesEarlierOnesWhoseNotificationWasLost() {
        ReceiptHandleTracker t = new ReceiptHandleTracker();
        t.stage("a");
        t.seal(1);
        t.stage("b");
        t.seal(2);
        t.stage("c");
        t.seal(3);
        assertThat(t.takeUpTo(2)).containsExactly("a", "b");
        assertThat(t.sealedHandles()).containsExactly("c");
        assertThat(t.takeUpTo(3)).containsExactly("c");
        assertThat(t.pendingCount()).isZero();
    }

    @Test
    void emptyCheckpointsAreHarmless() {
        ReceiptHandleTracker t = new ReceiptHandleTracker();
        t.seal(1);
        t.seal(2);
        assertThat(t.takeUpTo(2)).isEmpty();
        assertThat(t.sealedHandles()).isEmpty();
    }
}
