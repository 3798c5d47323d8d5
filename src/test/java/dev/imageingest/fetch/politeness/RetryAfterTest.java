package dev.imageingest.fetch.politeness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final Instant now = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void parsesDelaySeconds() {
        assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", now)).contains(Duration.ZERO);
    }

    @Test
    void parsesHttpDates() {
        assertThat(RetryAfter.parse("Wed, 01 May 2024 12:00:30 GMT", now))
                .contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Wed, 01 May 2024 11:00:00 GMT", now)).contains(Duration.ZERO);
    }

    @Test
    void ignoresGarbage() {
        assertThat(RetryAfter.parse(null, now)).isEmpty();
        assertThat(RetryAfter.parse("", now)).isEmpty();
        assertThat(RetryAfter.parse("-5", now)).isEmpty();
        assertThat(RetryAfter.parse("1.5", now)).isEmpty();
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999", now)).isEmpty();
    }
}
