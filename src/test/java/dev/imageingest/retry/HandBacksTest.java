package dev.imageingest.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.model.SqsReceipt;
import org.junit.jupiter.api.Test;

class HandBacksTest {
    @Test
    void aBackoffIsCutToWhatIsLeftOfTwelveHoursSinceTheReceive() {
        long received = 1_000_000_000L;
        SqsReceipt r = new SqsReceipt("q", "h", 3, received);
        HandBacks.SqsReceiptAndTimeout e = new HandBacks.SqsReceiptAndTimeout(r, 3_600);
        assertThat(HandBacks.withinLimit(e, received + 1_000)).isEqualTo(3_600);
        long elevenAndHalfHours = 11L * 3_600_000 + 1_800_000;
        assertThat(HandBacks.withinLimit(e, received + elevenAndHalfHours)).isEqualTo(1_800 - 60);
        assertThat(HandBacks.withinLimit(e, received + 13L * 3_600_000)).isZero();
    }
}
