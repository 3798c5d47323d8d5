package dev.imageingest.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.settings.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    private static final RetrySettings DEFAULTS = RetrySettings.from(new Configuration());

    @Test
    void defaultsDoubleFromOneMinuteUpToOneHour() {
        List<Long> minutes =
                IntStream.rangeClosed(1, 9)
                        .mapToObj(n -> RetryBackoff.nominal(DEFAULTS, n).toMinutes())
                        .toList();
        assertThat(minutes).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void theDefaultHorizonIsTwoHoursAndThreeMinutes() {
        assertThat(DEFAULTS.maxReceives()).isEqualTo(8);
        assertThat(RetryBackoff.horizon(DEFAULTS)).isEqualTo(Duration.ofMinutes(123));
    }

    @Test
    void jitterOnlyShortensAndStaysWithinItsFraction() {
        assertThat(RetryBackoff.visibilitySeconds(DEFAULTS, 3, () -> 0.0)).isEqualTo(240);
        assertThat(RetryBackoff.visibilitySeconds(DEFAULTS, 3, () -> 0.999999)).isEqualTo(192);
        RetrySettings exact = new RetrySettings(8, Duration.ofSeconds(1), Duration.ofSeconds(4), 0);
        assertThat(RetryBackoff.visibilitySeconds(exact, 10, () -> 0.7)).isEqualTo(4);
    }

    @Test
    void hugeReceiveCountsStayAtTheCap() {
        assertThat(RetryBackoff.nominal(DEFAULTS, Integer.MAX_VALUE))
                .isEqualTo(Duration.ofHours(1));
        RetrySettings twelve = new RetrySettings(8, Duration.ofHours(12), Duration.ofHours(12), 0);
        assertThat(RetryBackoff.visibilitySeconds(twelve, 5, () -> 0)).isEqualTo(43_200);
    }

    @Test
    void settingsOutsideSqsLimitsNameTheirKey() {
        assertThatThrownBy(() -> settings(RetryOptions.RETRY_MAX_BACKOFF.key(), "13h"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("retry.max-backoff");
        assertThatThrownBy(() -> settings(RetryOptions.RETRY_INITIAL_BACKOFF.key(), "500ms"))
                .hasMessageContaining("retry.initial-backoff");
        assertThatThrownBy(() -> settings(RetryOptions.RETRY_MAX_RECEIVES.key(), "0"))
                .hasMessageContaining("retry.max-receives");
        assertThatThrownBy(() -> settings(RetryOptions.RETRY_BACKOFF_JITTER.key(), "1.5"))
                .hasMessageContaining("retry.backoff-jitter");
    }

    private static RetrySettings settings(String key, String value) {
        Configuration c = new Configuration();
        c.setString(key, value);
        return RetrySettings.from(c);
    }
}
