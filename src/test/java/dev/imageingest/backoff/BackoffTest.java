package dev.imageingest.backoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void ceilingDoublesUpToTheMaximum() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(1600));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(200)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void fullJitterStaysWithinZeroAndTheCeilingAndVaries() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            long ms = backoff.delay(3).toMillis();
            assertThat(ms).isBetween(0L, 400L);
            seen.add(ms);
        }
        assertThat(seen.size()).isGreaterThan(50);
    }

    @Test
    void capLimitsServerRequestedWaits() {
        assertThat(backoff.cap(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.cap(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(300));
    }
}
