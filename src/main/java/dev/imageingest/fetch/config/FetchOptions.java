package dev.imageingest.fetch.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * Keys of the fetch stage: download limits, timeouts, retries, politeness and the SSRF guard
 * ({@code fetch.*}, except {@code fetch.tls.*}). Read by {@link FetchSettings#from}.
 *
 * <p>Declared next to the stage that reads them, so a stage's keys, defaults and descriptions
 * change with its code; {@code IngestOptions.all()} gathers this class with the others, to reject
 * unknown keys at start-up and to render the README configuration table.
 */
public final class FetchOptions {
    private FetchOptions() {}

    public static final ConfigOption<Integer> FETCH_CAPACITY =
            ConfigOptions.key("fetch.capacity")
                    .intType()
                    .defaultValue(256)
                    .withDescription("Images in flight per fetch subtask (async I/O capacity).");

    public static final ConfigOption<Duration> FETCH_OPERATOR_TIMEOUT =
            ConfigOptions.key("fetch.operator-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(180))
                    .withDescription(
                            "Async I/O timeout per image (download + S3 put). A record that"
                                    + " exceeds it is emitted as OPERATOR_TIMEOUT, never dropped."
                                    + " Must exceed fetch.total-timeout.");

    public static final ConfigOption<Duration> FETCH_CONNECT_TIMEOUT =
            ConfigOptions.key("fetch.connect-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("TCP (and TLS) connect timeout per attempt.");

    public static final ConfigOption<Duration> FETCH_DNS_CACHE_TTL =
            ConfigOptions.key("fetch.dns-cache-ttl")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "How long the checked addresses of an image host are reused for new"
                                    + " connections (per fetch subtask, at most 10,000 hosts;"
                                    + " failed lookups for 10 s at most). Keeps the job's DNS"
                                    + " queries well under the VPC resolver's 1,024 packets/s"
                                    + " per network interface; every address is checked against"
                                    + " the SSRF policy on every use. 0 disables the cache (the"
                                    + " JVM's own, networkaddress.cache.ttl, still applies).");

    public static final ConfigOption<Duration> FETCH_IDLE_TIMEOUT =
            ConfigOptions.key("fetch.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Longest silence allowed while reading headers or body.");

    public static final ConfigOption<Duration> FETCH_TOTAL_TIMEOUT =
            ConfigOptions.key("fetch.total-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Total deadline per image, across redirects, retries and backoff.");

    public static final ConfigOption<MemorySize> FETCH_MAX_BYTES =
            ConfigOptions.key("fetch.max-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse("32mb"))
                    .withDescription(
                            "Largest image accepted (decoded size); enforced while streaming.");

    public static final ConfigOption<MemorySize> FETCH_IN_FLIGHT_BYTES =
            ConfigOptions.key("fetch.in-flight-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse("256mb"))
                    .withDescription(
                            "Byte budget for bodies held in memory per fetch subtask, from first"
                                    + " byte until the S3 put ends; at least 2 x fetch.max-bytes"
                                    + " (fetch.max-bytes of it is a growth reserve). A body"
                                    + " reserves its Content-Length, or 256 KB growing as it"
                                    + " arrives when unknown or encoded, and waits without"
                                    + " blocking when the budget is short. Heap needed per"
                                    + " subtask = this budget + overhead.");

    public static final ConfigOption<Integer> FETCH_MAX_REDIRECTS =
            ConfigOptions.key("fetch.max-redirects")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Redirects followed per image; every hop is checked again.");

    public static final ConfigOption<Integer> FETCH_MAX_ATTEMPTS =
            ConfigOptions.key("fetch.max-attempts")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Attempts per image for transient failures (timeouts, resets, 5xx,"
                                    + " 408, 429); other 4xx are never retried.");

    public static final ConfigOption<Duration> FETCH_RETRY_BASE_DELAY =
            ConfigOptions.key("fetch.retry-base-delay")
                    .durationType()
                    .defaultValue(Duration.ofMillis(500))
                    .withDescription("First retry backoff; doubles per attempt, full jitter.");

    public static final ConfigOption<Duration> FETCH_RETRY_MAX_DELAY =
            ConfigOptions.key("fetch.retry-max-delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(20))
                    .withDescription(
                            "Upper bound of one retry backoff, of a honoured Retry-After and of a"
                                    + " host pause after repeated failures.");

    public static final ConfigOption<Integer> FETCH_PER_HOST_CONCURRENCY =
            ConfigOptions.key("fetch.per-host-concurrency")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Concurrent requests per host per fetch subtask to start with. The"
                                    + " limit then adapts per host (AIMD): it grows while the host"
                                    + " answers promptly, up to fetch.per-host-max-concurrency, and"
                                    + " halves on timeouts, resets, 5xx and 429. Set both keys to"
                                    + " the same value for a fixed limit.");

    public static final ConfigOption<Integer> FETCH_PER_HOST_MAX_CONCURRENCY =
            ConfigOptions.key("fetch.per-host-max-concurrency")
                    .intType()
                    .defaultValue(256)
                    .withDescription(
                            "Ceiling of the adaptive per-host concurrency per fetch subtask; at"
                                    + " least fetch.per-host-concurrency.");

    public static final ConfigOption<Double> FETCH_PER_HOST_RATE =
            ConfigOptions.key("fetch.per-host-rate")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "Requests per second per host per fetch subtask; 0 = unlimited.");

    public static final ConfigOption<String> FETCH_USER_AGENT =
            ConfigOptions.key("fetch.user-agent")
                    .stringType()
                    .defaultValue("flink-image-ingest/0.1 (image ingestion job)")
                    .withDescription("User-Agent sent to image hosts; identify your job.");

    public static final ConfigOption<Long> FETCH_MAX_PIXELS =
            ConfigOptions.key("fetch.max-pixels")
                    .longType()
                    .defaultValue(100_000_000L)
                    .withDescription(
                            "Reject images whose header declares more pixels (JPEG, PNG, GIF, WebP,"
                                    + " BMP) as TOO_MANY_PIXELS; 0 = no limit.");

    public static final ConfigOption<String> FETCH_ALLOWED_PORTS =
            ConfigOptions.key("fetch.allowed-ports")
                    .stringType()
                    .defaultValue("80,443")
                    .withDescription("Comma-separated ports image URLs may use.");

    public static final ConfigOption<String> FETCH_ALLOW_LIST =
            ConfigOptions.key("fetch.allow-list")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Comma-separated CIDRs (127.0.0.1/32, ::1) or host names (matched"
                                    + " against the URL host) exempt from the address deny list, for"
                                    + " tests and the local stack. Scheme, userinfo and port checks"
                                    + " still apply: the guard is never off.");
}
