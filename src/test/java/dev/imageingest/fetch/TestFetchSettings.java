package dev.imageingest.fetch;

import dev.imageingest.fetch.config.FetchSettings;
import dev.imageingest.fetch.tls.TlsSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Fetch settings for tests: short timeouts (hundreds of ms), changeable one field at a time. */
public final class TestFetchSettings {
    public int capacity = 64;
    public Duration operatorTimeout = Duration.ofSeconds(30);
    public Duration connectTimeout = Duration.ofMillis(500);
    public Duration idleTimeout = Duration.ofMillis(400);
    public Duration totalTimeout = Duration.ofMillis(1500);
    public long maxBytes = 256 * 1024;
    public long inFlightBytes = 4 * 1024 * 1024;
    public int maxRedirects = 3;
    public int maxAttempts = 3;
    public Duration retryBaseDelay = Duration.ofMillis(20);
    public Duration retryMaxDelay = Duration.ofMillis(200);
    public int perHostConcurrency = 8;
    public int perHostMaxConcurrency = 256;
    public double perHostRate = 0;
    public String userAgent = "image-ingest-test/1.0";
    public long maxPixels = 10_000_000;
    public Set<Integer> allowedPorts = new TreeSet<>(Set.of(80, 443));
    public List<String> allowList = List.of();
    public TlsSettings tls = TlsSettings.jvmDefault();

    /** Off by default: tests re-map names between requests (the job's default is 60 s). */
    public Duration dnsCacheTtl = Duration.ZERO;

    /** Allows the given port and exempts the given host names / CIDRs. */
    public TestFetchSettings allow(int port, String... allowList) {
        allowedPorts.add(port);
        this.allowList = List.of(allowList);
        return this;
    }

    public FetchSettings build() {
        return new FetchSettings(
                capacity,
                operatorTimeout,
                connectTimeout,
                idleTimeout,
                totalTimeout,
                maxBytes,
                inFlightBytes,
                maxRedirects,
                maxAttempts,
                retryBaseDelay,
                retryMaxDelay,
                perHostConcurrency,
                perHostMaxConcurrency,
                perHostRate,
                userAgent,
                maxPixels,
                Set.copyOf(allowedPorts),
                allowList,
                tls,
                dnsCacheTtl);
    }
}
