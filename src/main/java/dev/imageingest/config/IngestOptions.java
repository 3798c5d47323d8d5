package dev.imageingest.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * Every configuration key of the job, each declared once with its type, default and description.
 * The README configuration table is checked against this class by {@code ReadmeConfigTableTest}.
 * Options without a default are required.
 */
public final class IngestOptions {
    private IngestOptions() {}

    // ------------------------------------------------------------------ job
    public static final ConfigOption<String> JOB_NAME =
            ConfigOptions.key("job.name")
                    .stringType()
                    .defaultValue("image-ingest")
                    .withDescription("Flink job name.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("job.checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Checkpoint interval. A message is deleted at the first checkpoint"
                                    + " after Firehose acknowledged its record, so this bounds how"
                                    + " long a processed message stays in flight (its visibility is"
                                    + " extended meanwhile). Used only when the cluster (or Managed"
                                    + " Flink) has not configured checkpointing itself; the job"
                                    + " checks the settings in force against SQS's 12 h limit.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("job.parallelism")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Job parallelism; 0 keeps the cluster's (or Managed Flink's) default.");

    // ------------------------------------------------------------------ aws
    public static final ConfigOption<String> AWS_REGION =
            ConfigOptions.key("aws.region")
                    .stringType()
                    .defaultValue("us-east-1")
                    .withDescription("AWS region of the queue, bucket and delivery stream.");

    public static final ConfigOption<String> AWS_CREDENTIALS_PROVIDER =
            ConfigOptions.key("aws.credentials.provider")
                    .stringType()
                    .defaultValue(dev.imageingest.aws.AwsSettings.AUTO)
                    .withDescription(
                            "AUTO uses the default AWS credentials chain (instance/task role,"
                                    + " environment, profile); BASIC uses"
                                    + " aws.credentials.access-key-id and"
                                    + " aws.credentials.secret-access-key.");

    public static final ConfigOption<String> AWS_ACCESS_KEY_ID =
            ConfigOptions.key("aws.credentials.access-key-id")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Access key id, only with aws.credentials.provider=BASIC.");

    public static final ConfigOption<String> AWS_SECRET_ACCESS_KEY =
            ConfigOptions.key("aws.credentials.secret-access-key")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Secret access key, only with aws.credentials.provider=BASIC.");

    // ------------------------------------------------------------------ sqs
    public static final ConfigOption<String> SQS_QUEUE_URL =
            ConfigOptions.key("sqs.queue-url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("URL of the SQS queue holding the image records. Required.");

    public static final ConfigOption<String> SQS_ENDPOINT =
            ConfigOptions.key("sqs.endpoint")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "SQS endpoint override (e.g. http://localhost:9324); empty uses the"
                                    + " region's endpoint.");

    public static final ConfigOption<Integer> SQS_MAX_MESSAGES =
            ConfigOptions.key("sqs.max-messages-per-receive")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Messages per ReceiveMessage call, 1..10.");

    public static final ConfigOption<Duration> SQS_WAIT_TIME =
            ConfigOptions.key("sqs.wait-time")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(20))
                    .withDescription("Long-poll wait time per receive, 0..20 s.");

    public static final ConfigOption<Integer> SQS_RECEIVES_IN_FLIGHT =
            ConfigOptions.key("sqs.receives-in-flight")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Concurrent ReceiveMessage calls per source reader. Each returns up to"
                                    + " 10 messages, so 8 lets one reader feed thousands of"
                                    + " messages per second.");

    public static final ConfigOption<Duration> SQS_VISIBILITY_TIMEOUT =
            ConfigOptions.key("sqs.visibility-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Visibility timeout requested per receive. The reader extends it"
                                    + " (ChangeMessageVisibilityBatch) while the job holds a"
                                    + " message, so it need not cover checkpoints; it is how long"
                                    + " a message held by a failed or cancelled job takes to"
                                    + " return. 0 keeps the queue's own.");

    public static final ConfigOption<Integer> SQS_MAX_IN_FLIGHT =
            ConfigOptions.key("sqs.max-in-flight")
                    .intType()
                    .defaultValue(100_000)
                    .withDescription(
                            "Readers pause receiving while the queue's in-flight count"
                                    + " (ApproximateNumberOfMessagesNotVisible: received, not yet"
                                    + " deleted, by anyone) is at or above this, so the job never"
                                    + " reaches SQS's limit of about 120,000 in-flight messages,"
                                    + " past which receives silently return nothing. At most"
                                    + " 120000; 0 = no cap.");

    public static final ConfigOption<Duration> SQS_IN_FLIGHT_POLL_INTERVAL =
            ConfigOptions.key("sqs.in-flight-poll-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How often each reader asks the queue for its in-flight count"
                                    + " (GetQueueAttributes, async); 100 ms .. 5 min.");

    public static final ConfigOption<Integer> SQS_MAX_CONCURRENT_DELETES =
            ConfigOptions.key("sqs.max-concurrent-deletes")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Concurrent DeleteMessageBatch calls (10 messages each) per sink"
                                    + " subtask, 1..256.");

    public static final ConfigOption<Integer> SQS_MAX_CONCURRENT_VISIBILITY_BATCHES =
            ConfigOptions.key("sqs.max-concurrent-visibility-batches")
                    .intType()
                    .defaultValue(32)
                    .withDescription(
                            "Concurrent ChangeMessageVisibilityBatch calls (10 messages each) per"
                                    + " source reader extending held messages, 1..256.");

    // ------------------------------------------------------------------ startup
    public static final ConfigOption<Boolean> STARTUP_CHECK_RESOURCES =
            ConfigOptions.key("startup.check-resources")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Before submitting, the entry point checks the queue"
                                    + " (GetQueueAttributes), bucket (HeadBucket) and delivery"
                                    + " stream (DescribeDeliveryStream) and stops with one line"
                                    + " naming the resource and the cause (not found, access"
                                    + " denied, no credentials, KMS, unreachable). Set false where"
                                    + " the process running main() cannot reach AWS. Readers,"
                                    + " fetchers and sinks check their resource again when they"
                                    + " open, whatever this says.");

    // ------------------------------------------------------------------ s3
    public static final ConfigOption<String> S3_BUCKET =
            ConfigOptions.key("s3.bucket")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Bucket the images are written to. Required.");

    public static final ConfigOption<String> S3_KEY_PREFIX =
            ConfigOptions.key("s3.key-prefix")
                    .stringType()
                    .defaultValue("images")
                    .withDescription(
                            "Key prefix; objects land at"
                                    + " <prefix>/<sha256[0:2]>/<sha256[2:4]>/<sha256>.<ext>.");

    public static final ConfigOption<String> S3_ENDPOINT =
            ConfigOptions.key("s3.endpoint")
                    .stringType()
                    .defaultValue("")
                    .withDescription("S3 endpoint override; empty uses the region's endpoint.");

    public static final ConfigOption<Boolean> S3_PATH_STYLE =
            ConfigOptions.key("s3.path-style-access")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Use path-style bucket addressing (needed by most emulators).");

    public static final ConfigOption<Integer> S3_MAX_CONCURRENCY =
            ConfigOptions.key("s3.max-concurrency")
                    .intType()
                    .defaultValue(256)
                    .withDescription("Maximum concurrent S3 requests per fetch subtask.");

    public static final ConfigOption<String> S3_CLIENT =
            ConfigOptions.key("s3.client")
                    .stringType()
                    .defaultValue("direct")
                    .withDescription(
                            "Client for the image PUTs: 'direct' (the job's own keep-alive HTTP"
                                    + " client, requests signed by the AWS SDK's SigV4 signer,"
                                    + " UNSIGNED-PAYLOAD with the x-amz-checksum-sha256 S3"
                                    + " verifies; about a third of the SDK's CPU per object) or"
                                    + " 'sdk' (the AWS SDK's S3 async client; use it for FIPS or"
                                    + " dual-stack endpoints, which 'direct' does not resolve by"
                                    + " itself).");

    // ------------------------------------------------------------------ firehose
    public static final ConfigOption<String> FIREHOSE_STREAM =
            ConfigOptions.key("firehose.delivery-stream")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Firehose delivery stream receiving the JSONL path records. Required.");

    public static final ConfigOption<String> FIREHOSE_ENDPOINT =
            ConfigOptions.key("firehose.endpoint")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Firehose endpoint override; empty uses the region's endpoint.");

    public static final ConfigOption<Integer> FIREHOSE_MAX_BATCH_SIZE =
            ConfigOptions.key("firehose.max-batch-size")
                    .intType()
                    .defaultValue(500)
                    .withDescription("Records per PutRecordBatch, 1..500.");

    public static final ConfigOption<Integer> FIREHOSE_MAX_IN_FLIGHT =
            ConfigOptions.key("firehose.max-in-flight-requests")
                    .intType()
                    .defaultValue(16)
                    .withDescription("Concurrent PutRecordBatch requests per sink subtask.");

    public static final ConfigOption<Integer> FIREHOSE_MAX_BUFFERED =
            ConfigOptions.key("firehose.max-buffered-requests")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription("Records buffered per sink subtask before back-pressure.");

    public static final ConfigOption<Duration> FIREHOSE_MAX_TIME_IN_BUFFER =
            ConfigOptions.key("firehose.max-time-in-buffer")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("Longest a record waits in the sink buffer before a flush.");

    // ------------------------------------------------------------------ fetch
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

    public static final ConfigOption<String> FETCH_TLS_TRUST_STORE =
            ConfigOptions.key("fetch.tls.trust-store")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Path of a trust store file (on every TaskManager) whose CAs https image"
                                    + " hosts are verified against, for private CAs and the local"
                                    + " stack; empty = the JVM's default trust store. Certificates"
                                    + " are always verified against the URL's host name: there is"
                                    + " no setting to turn verification off.");

    public static final ConfigOption<String> FETCH_TLS_TRUST_STORE_PASSWORD =
            ConfigOptions.key("fetch.tls.trust-store-password")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Password of fetch.tls.trust-store (empty: none; a trust store holds"
                                    + " only public certificates).");

    public static final ConfigOption<String> FETCH_TLS_TRUST_STORE_TYPE =
            ConfigOptions.key("fetch.tls.trust-store-type")
                    .stringType()
                    .defaultValue("PKCS12")
                    .withDescription("Type of fetch.tls.trust-store: PKCS12 or JKS.");

    private static final Map<String, ConfigOption<?>> ALL = collect();

    /** Every option, keyed by its name, in name order. */
    public static Map<String, ConfigOption<?>> all() {
        return ALL;
    }

    /** Names of options that have no default and must be set. */
    public static Set<String> requiredKeys() {
        Set<String> keys = new java.util.TreeSet<>();
        ALL.forEach(
                (k, o) -> {
                    if (!o.hasDefaultValue()) {
                        keys.add(k);
                    }
                });
        return keys;
    }

    private static Map<String, ConfigOption<?>> collect() {
        Map<String, ConfigOption<?>> byKey = new TreeMap<>();
        List<java.lang.reflect.Field> fields =
                new ArrayList<>(List.of(IngestOptions.class.getDeclaredFields()));
        fields.addAll(List.of(RetryOptions.class.getDeclaredFields()));
        for (java.lang.reflect.Field f : fields) {
            if (f.getType() == ConfigOption.class) {
                try {
                    ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                    byKey.put(o.key(), o);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Collections.unmodifiableMap(byKey);
    }
}
