package dev.imageingest.fetch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.settings.ConfigException;
import org.junit.jupiter.api.Test;

class FetchSettingsTest {

    @Test
    void defaultsAreSafe() {
        assertThat(FetchOptions.FETCH_ALLOW_LIST.defaultValue()).isEmpty();
        assertThat(FetchOptions.FETCH_ALLOWED_PORTS.defaultValue()).isEqualTo("80,443");
        assertThat(FetchOptions.FETCH_MAX_REDIRECTS.defaultValue()).isEqualTo(5);
        assertThat(FetchOptions.FETCH_PER_HOST_CONCURRENCY.defaultValue()).isEqualTo(8);
        assertThat(FetchOptions.FETCH_MAX_PIXELS.defaultValue()).isEqualTo(100_000_000L);
    }

    @Test
    void allowListIsParsedAtStartupAndABadEntryNamesItsKey() {
        assertThat(FetchSettings.allowList("127.0.0.1/32, images.local"))
                .containsExactly("127.0.0.1/32", "images.local");
        assertThatThrownBy(() -> FetchSettings.allowList("10.0.0.0/99"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("fetch.allow-list");
    }
}
