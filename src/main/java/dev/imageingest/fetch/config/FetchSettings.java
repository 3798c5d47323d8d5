package dev.imageingest.fetch.config;

import static dev.imageingest.fetch.config.FetchOptions.*;

import dev.imageingest.fetch.guard.AddressPolicy;
import dev.imageingest.fetch.tls.TlsSettings;
import dev.imageingest.settings.Checks;
import dev.imageingest.settings.ConfigException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Limits and politeness of the downloader; see {@link FetchOptions} and {@code TlsOptions} for each
 * field's meaning.
 */
public final class FetchSettings implements Serializable {
    private final int capacity;
    private final Duration operatorTimeout;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final Duration totalTimeout;
    private final long maxBytes;
    private final long inFlightBytes;
    private final int maxRedirects;
    private final int maxAttempts;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final int perHostConcurrency;
    private final int perHostMaxConcurrency;
    private final double perHostRate;
    private final String userAgent;
    private final long maxPixels;
    private final Set<Integer> allowedPorts;
    private final List<String> allowList;
    private final TlsSettings tls;
    private final Duration dnsCacheTtl;

    public FetchSettings(
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
            int perHostMaxConcurrency,
            double perHostRate,
            String userAgent,
            long maxPixels,
            Set<Integer> allowedPorts,
            List<String> allowList,
            TlsSettings tls,
            Duration dnsCacheTtl) {
        this.capacity = capacity;
        this.operatorTimeout = operatorTimeout;
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
        this.totalTimeout = totalTimeout;
        this.maxBytes = maxBytes;
        this.inFlightBytes = inFlightBytes;
        this.maxRedirects = maxRedirects;
        this.maxAttempts = maxAttempts;
        this.retryBaseDelay = retryBaseDelay;
        this.retryMaxDelay = retryMaxDelay;
        this.perHostConcurrency = perHostConcurrency;
        this.perHostMaxConcurrency = perHostMaxConcurrency;
        this.perHostRate = perHostRate;
        this.userAgent = userAgent;
        this.maxPixels = maxPixels;
        this.allowedPorts = allowedPorts;
        this.allowList = allowList;
        this.tls = tls;
        this.dnsCacheTtl = dnsCacheTtl;
    }

    public int capacity() {
        return capacity;
    }

    public Duration operatorTimeout() {
        return operatorTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration totalTimeout() {
        return totalTimeout;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public long inFlightBytes() {
        return inFlightBytes;
    }

    public int maxRedirects() {
        return maxRedirects;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration retryBaseDelay() {
        return retryBaseDelay;
    }

    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    /** Starting concurrency of every host (and the fixed limit when it equals the maximum). */
    public int perHostConcurrency() {
        return perHostConcurrency;
    }

    /** Ceiling of the adaptive per-host concurrency. */
    public int perHostMaxConcurrency() {
        return perHostMaxConcurrency;
    }

    public double perHostRate() {
        return perHostRate;
    }

    public String userAgent() {
        return userAgent;
    }

    public long maxPixels() {
        return maxPixels;
    }

    public Set<Integer> allowedPorts() {
        return allowedPorts;
    }

    public List<String> allowList() {
        return allowList;
    }

    /** Which CAs https image hosts are verified against. */
    public TlsSettings tls() {
        return tls;
    }

    /** How long a host's checked addresses are reused for new connections; zero: not cached. */
    public Duration dnsCacheTtl() {
        return dnsCacheTtl;
    }

    /**
     * Reads and checks the {@code fetch.*} keys; the ports and allow list are parsed here too, so a
     * bad value fails at start-up naming its key, not when a task opens.
     *
     * @throws ConfigException naming the key of an invalid or out-of-range value
     */
    public static FetchSettings from(ReadableConfig c) {
        check(c);
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
                c.get(FETCH_PER_HOST_MAX_CONCURRENCY),
                c.get(FETCH_PER_HOST_RATE),
                c.get(FETCH_USER_AGENT),
                c.get(FETCH_MAX_PIXELS),
                ports(c.get(FETCH_ALLOWED_PORTS)),
                allowList(c.get(FETCH_ALLOW_LIST)),
                TlsSettings.from(c),
                c.get(FETCH_DNS_CACHE_TTL));
    }

    /** The ranges of the numeric keys and the rules between two {@code fetch.*} keys. */
    private static void check(ReadableConfig c) {
        Checks.between(c, FETCH_CAPACITY, 1, 100_000);
        Checks.between(c, FETCH_MAX_REDIRECTS, 0, 20);
        Checks.between(c, FETCH_MAX_ATTEMPTS, 1, 20);
        int perHost = Checks.between(c, FETCH_PER_HOST_CONCURRENCY, 1, 10_000);
        int perHostMax = Checks.between(c, FETCH_PER_HOST_MAX_CONCURRENCY, 1, 10_000);
        if (perHostMax < perHost) {
            throw new ConfigException(
                    FETCH_PER_HOST_MAX_CONCURRENCY.key(),
                    "must be at least fetch.per-host-concurrency ("
                            + perHost
                            + "), got "
                            + perHostMax);
        }
        Checks.positive(c, FETCH_CONNECT_TIMEOUT);
        Checks.positive(c, FETCH_IDLE_TIMEOUT);
        Duration total = Checks.positive(c, FETCH_TOTAL_TIMEOUT);
        if (Checks.get(c, FETCH_DNS_CACHE_TTL).isNegative()) {
            throw new ConfigException(FETCH_DNS_CACHE_TTL.key(), "must be >= 0");
        }
        if (Checks.get(c, FETCH_OPERATOR_TIMEOUT).compareTo(total) <= 0) {
            throw new ConfigException(
                    FETCH_OPERATOR_TIMEOUT.key(),
                    "must exceed " + FETCH_TOTAL_TIMEOUT.key() + " (S3 put time comes on top)");
        }
        if (Checks.get(c, FETCH_PER_HOST_RATE) < 0) {
            throw new ConfigException(FETCH_PER_HOST_RATE.key(), "must be >= 0");
        }
        if (Checks.get(c, FETCH_MAX_PIXELS) < 0) {
            throw new ConfigException(FETCH_MAX_PIXELS.key(), "must be >= 0");
        }
        long maxBytes = Checks.get(c, FETCH_MAX_BYTES).getBytes();
        if (maxBytes < 1024) {
            throw new ConfigException(FETCH_MAX_BYTES.key(), "must be at least 1kb");
        }
        if (Checks.get(c, FETCH_IN_FLIGHT_BYTES).getBytes() / 2 < maxBytes) {
            throw new ConfigException(
                    FETCH_IN_FLIGHT_BYTES.key(), "must be >= 2 x " + FETCH_MAX_BYTES.key());
        }
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FetchSettings)) {
            return false;
        }
        FetchSettings that = (FetchSettings) o;
        return capacity == that.capacity
                && Objects.equals(operatorTimeout, that.operatorTimeout)
                && Objects.equals(connectTimeout, that.connectTimeout)
                && Objects.equals(idleTimeout, that.idleTimeout)
                && Objects.equals(totalTimeout, that.totalTimeout)
                && maxBytes == that.maxBytes
                && inFlightBytes == that.inFlightBytes
                && maxRedirects == that.maxRedirects
                && maxAttempts == that.maxAttempts
                && Objects.equals(retryBaseDelay, that.retryBaseDelay)
                && Objects.equals(retryMaxDelay, that.retryMaxDelay)
                && perHostConcurrency == that.perHostConcurrency
                && perHostMaxConcurrency == that.perHostMaxConcurrency
                && Double.compare(perHostRate, that.perHostRate) == 0
                && Objects.equals(userAgent, that.userAgent)
                && maxPixels == that.maxPixels
                && Objects.equals(allowedPorts, that.allowedPorts)
                && Objects.equals(allowList, that.allowList)
                && Objects.equals(tls, that.tls)
                && Objects.equals(dnsCacheTtl, that.dnsCacheTtl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
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
                allowedPorts,
                allowList,
                tls,
                dnsCacheTtl);
    }

    @Override
    public String toString() {
        return "FetchSettings[capacity="
                + capacity
                + ", operatorTimeout="
                + operatorTimeout
                + ", connectTimeout="
                + connectTimeout
                + ", idleTimeout="
                + idleTimeout
                + ", totalTimeout="
                + totalTimeout
                + ", maxBytes="
                + maxBytes
                + ", inFlightBytes="
                + inFlightBytes
                + ", maxRedirects="
                + maxRedirects
                + ", maxAttempts="
                + maxAttempts
                + ", retryBaseDelay="
                + retryBaseDelay
                + ", retryMaxDelay="
                + retryMaxDelay
                + ", perHostConcurrency="
                + perHostConcurrency
                + ", perHostMaxConcurrency="
                + perHostMaxConcurrency
                + ", perHostRate="
                + perHostRate
                + ", userAgent="
                + userAgent
                + ", maxPixels="
                + maxPixels
                + ", allowedPorts="
                + allowedPorts
                + ", allowList="
                + allowList
                + ", tls="
                + tls
                + ", dnsCacheTtl="
                + dnsCacheTtl
                + "]";
    }
}
