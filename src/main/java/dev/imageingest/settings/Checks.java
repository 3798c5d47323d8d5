package dev.imageingest.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Reads one value of a stage's own key and checks its range or format, throwing a {@link
 * ConfigException} that names the key. Shared by every stage's {@code from(ReadableConfig)} so the
 * messages read the same whichever stage rejects a value.
 */
public final class Checks {
    private Checks() {}

    /** Typed value of an option; a parse error names the key and the raw value. */
    public static <T> T get(ReadableConfig c, ConfigOption<T> option) {
        try {
            return c.get(option);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    option.key(), "cannot parse '" + c.toMap().get(option.key()) + "'", e);
        }
    }

    /** The value, which must lie in {@code [min, max]}. */
    public static int between(ReadableConfig c, ConfigOption<Integer> option, int min, int max) {
        int v = get(c, option);
        if (v < min || v > max) {
            throw new ConfigException(
                    option.key(), "must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    /** The value, which must lie in {@code [min, max]}. */
    public static Duration durationBetween(
            ReadableConfig c, ConfigOption<Duration> option, Duration min, Duration max) {
        Duration v = get(c, option);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new ConfigException(
                    option.key(), "must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    /** The value, which must be longer than zero. */
    public static Duration positive(ReadableConfig c, ConfigOption<Duration> option) {
        Duration v = get(c, option);
        if (v.isNegative() || v.isZero()) {
            throw new ConfigException(option.key(), "must be positive");
        }
        return v;
    }

    /** The value, which must not be blank because another setting needs it. */
    public static String nonBlank(ReadableConfig c, ConfigOption<String> option) {
        String v = get(c, option);
        if (v.isBlank()) {
            throw new ConfigException(option.key(), "required by the chosen setting");
        }
        return v;
    }

    /** The value, which must be an absolute URL (or empty, when {@code emptyAllowed}). */
    public static String url(ReadableConfig c, ConfigOption<String> option, boolean emptyAllowed) {
        String v = get(c, option);
        if (v.isEmpty() && emptyAllowed) {
            return v;
        }
        url(option.key(), v);
        return v;
    }

    /** Checks that {@code value} of {@code key} is an absolute URL. */
    public static void url(String key, String value) {
        try {
            URI u = new URI(value);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new ConfigException(key, "not an absolute URL: '" + value + "'");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "not a URL: '" + value + "'", e);
        }
    }
}
