package dev.imageingest.fetch;

import static dev.imageingest.config.IngestOptions.*;

import dev.imageingest.config.ConfigException;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.fetch.guard.AddressPolicy;
import dev.imageingest.fetch.tls.TlsSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Limits and politeness of the downloader; see {@code IngestOptions} for each field's meaning. */
public record FetchSettings(
        int capacity,
        Duration operatorTimeout,
        Duration connectTimeout,
        Duration idleTimeout,
        Duration totalTimeout,
        long maxBytes,
        long inFlightBytes,
        int maxRedirects,
        int maxAttempts,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        int perHostConcurrency,
        double perHostRate,
        String userAgent,
        long maxPixels,
        Set<Integer> allowedPorts,
        List<String> allowList,
        TlsSettings tls)
        implements Serializable {

    public static FetchSettings from(IngestConfig c) {
        return new FetchSettings(
                c.get(FETCH_CAPACITY),
                c.get(FETCH_OPERATOR_TIMEOUT),
                c.get(FETCH_CONNECT_TIMEOUT),
                c.get(FETCH_IDLE_TIMEOUT),
                c.get(FETCH_TOTAL_TIMEOUT),
                c.get(FETCH_MAX_BYTES).getBytes(),
                c.get(FETCH_IN_FLIGHT_BYTES).getBytes(),
                c.get(FETCH_MAX_REDIRECTS),
                c.get(FETCH_MAX_ATTEMPTS),
                c.get(FETCH_RETRY_BASE_DELAY),
                c.get(FETCH_RETRY_MAX_DELAY),
                c.get(FETCH_PER_HOST_CONCURRENCY),
                c.get(FETCH_PER_HOST_RATE),
                c.get(FETCH_USER_AGENT),
                c.get(FETCH_MAX_PIXELS),
                ports(c.get(FETCH_ALLOWED_PORTS)),
                allowList(c.get(FETCH_ALLOW_LIST)),
                TlsSettings.from(c));
    }

    /** Parsed here so a bad entry fails at startup, naming the key, not when a task opens. */
    static List<String> allowList(String csv) {
        List<String> entries = list(csv);
        try {
            AddressPolicy.allowing(entries);
        } catch (RuntimeException e) {
            throw new ConfigException(FETCH_ALLOW_LIST.key(), e.getMessage());
        }
        return entries;
    }

    private static Set<Integer> ports(String csv) {
        Set<Integer> ports = new TreeSet<>();
        for (String p : list(csv)) {
            try {
                int port = Integer.parseInt(p);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(port);
            } catch (NumberFormatException e) {
                throw new ConfigException(FETCH_ALLOWED_PORTS.key(), "not a port: '" + p + "'");
            }
        }
        if (ports.isEmpty()) {
            throw new ConfigException(FETCH_ALLOWED_PORTS.key(), "at least one port required");
        }
        return Set.copyOf(ports);
    }

    private static List<String> list(String csv) {
        List<String> items = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                items.add(s.trim());
            }
        }
        return List.copyOf(items);
    }
}
