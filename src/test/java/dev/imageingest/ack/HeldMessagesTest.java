package dev.imageingest.ack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.model.SqsReceipt;
import org.junit.jupiter.api.Test;

class HeldMessagesTest {
    private static final String QUEUE = "http://127.0.0.1:1/000000000000/held-test";
    private static final String OTHER_QUEUE = "http://127.0.0.1:1/000000000000/held-other";

    private static SqsReceipt receipt(String queue, String handle) {
        return new SqsReceipt(queue, handle, 1, System.currentTimeMillis());
    }

    @Test
    void aRestoredMessageNoReaderHoldsIsAdoptedByAReaderOfItsQueueAndDueAtOnce() {
        try (HeldMessages other = HeldMessages.open(OTHER_QUEUE);
                HeldMessages reader = HeldMessages.open(QUEUE)) {
            long before = System.currentTimeMillis();
            assertThat(HeldMessages.adopt(receipt(QUEUE, "restored-1"))).isTrue();
            assertThat(reader.size()).isEqualTo(1);
            assertThat(other.size()).isZero();
            assertThat(reader.endingBefore(before + 1_000))
                    .singleElement()
                    .satisfies(h -> assertThat(h.receiptHandle).isEqualTo("restored-1"));
        }
    }

    @Test
    void aMessageAReaderAlreadyHoldsIsNotAdoptedAgain() {
        try (HeldMessages first = HeldMessages.open(QUEUE);
                HeldMessages second = HeldMessages.open(QUEUE)) {
            SqsReceipt fresh = receipt(QUEUE, "fresh-1");
            second.hold(fresh, System.currentTimeMillis() + 30_000);
            assertThat(HeldMessages.adopt(fresh)).isFalse();
            assertThat(first.size()).isZero();
            assertThat(second.size()).isEqualTo(1);
            assertThat(second.endingBefore(System.currentTimeMillis() + 10_000)).isEmpty();
        }
    }

    @Test
    void withoutAReaderOfItsQueueInThisJvmNothingAdoptsIt() {
        try (HeldMessages other = HeldMessages.open(OTHER_QUEUE)) {
            assertThat(HeldMessages.adopt(receipt(QUEUE, "orphan-1"))).isFalse();
            assertThat(other.size()).isZero();
        }
        HeldMessages closed = HeldMessages.open(QUEUE);
        closed.close();
        assertThat(HeldMessages.adopt(receipt(QUEUE, "orphan-2"))).isFalse();
    }

    @Test
    void anAdoptedMessageIsReleasedWhenTheSinkDeletesIt() {
        try (HeldMessages reader = HeldMessages.open(QUEUE)) {
            SqsReceipt restored = receipt(QUEUE, "restored-2");
            HeldMessages.adopt(restored);
            HeldMessages.released(restored);
            assertThat(reader.size()).isZero();
        }
    }
}
