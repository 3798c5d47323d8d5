package dev.imageingest.localstack;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The S3 destination of one emulated delivery stream: records are appended as-is to a buffer that
 * is written as one object when it reaches the size hint or when its oldest record is older than
 * the interval hint, like Firehose's buffering hints. Keys follow Firehose's default layout: {@code
 * <prefix>yyyy/MM/dd/HH/<stream>-1-yyyy-MM-dd-HH-mm-ss-<uuid>} in UTC, timed by the oldest record.
 */
final class S3DeliveryBuffer {
    private static final Logger LOG = LoggerFactory.getLogger(S3DeliveryBuffer.class);
    private static final DateTimeFormatter HOUR_PATH =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);
    private static final int PUT_ATTEMPTS = 3;

    /** Totals shared by all streams of one emulator. */
    record Counters(
            AtomicLong objectsWritten, AtomicLong bytesWritten, AtomicLong deliveryFailures) {
        Counters() {
            this(new AtomicLong(), new AtomicLong(), new AtomicLong());
        }
    }

    private final String stream;
    private final String bucket;
    private final String prefix;
    private final long sizeHintBytes;
    private final Duration intervalHint;
    private final S3AsyncClient s3;
    private final Counters counters;
    private final Consumer<FirehoseEmulator.DeliveredObject> delivered;
    private final Set<CompletableFuture<?>> writes = ConcurrentHashMap.newKeySet();

    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long oldestRecordMillis;

    S3DeliveryBuffer(
            String stream,
            String bucket,
            String prefix,
            long sizeHintBytes,
            Duration intervalHint,
            S3AsyncClient s3,
            Counters counters,
            Consumer<FirehoseEmulator.DeliveredObject> delivered) {
        this.stream = stream;
        this.bucket = bucket;
        this.prefix = prefix;
        this.sizeHintBytes = sizeHintBytes;
        this.intervalHint = intervalHint;
        this.s3 = s3;
        this.counters = counters;
        this.delivered = delivered;
    }

    String stream() {
        return stream;
    }

    String bucket() {
        return bucket;
    }

    String prefix() {
        return prefix;
    }

    long sizeHintBytes() {
        return sizeHintBytes;
    }

    Duration intervalHint() {
        return intervalHint;
    }

    /** Buffers one record; writes the buffer once it reaches the size hint. */
    synchronized void append(byte[] record, long nowMillis) {
        if (buffer.size() == 0) {
            oldestRecordMillis = nowMillis;
        }
        buffer.writeBytes(record);
        if (buffer.size() >= sizeHintBytes) {
            seal();
        }
    }

    /** Writes the buffer if its oldest record has waited for the interval hint. */
    synchronized void flushIfDue(long nowMillis) {
        if (buffer.size() > 0 && nowMillis - oldestRecordMillis >= intervalHint.toMillis()) {
            seal();
        }
    }

    /** Writes whatever is buffered and returns when every write started so far has ended. */
    void flush() {
        synchronized (this) {
            if (buffer.size() > 0) {
                seal();
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    private void seal() {
        byte[] data = buffer.toByteArray();
        buffer = new ByteArrayOutputStream();
        Instant oldest = Instant.ofEpochMilli(oldestRecordMillis);
        String key =
                prefix
                        + HOUR_PATH.format(oldest)
                        + stream
                        + "-1-"
                        + STAMP.format(oldest)
                        + "-"
                        + UUID.randomUUID();
        CompletableFuture<Void> write = put(key, data, 1);
        writes.add(write);
        write.whenComplete((v, e) -> writes.remove(write));
    }

    private CompletableFuture<Void> put(String key, byte[] data, int attempt) {
        return s3.putObject(
                        b -> b.bucket(bucket).key(key).contentLength((long) data.length),
                        AsyncRequestBody.fromBytes(data))
                .handle(
                        (r, e) -> {
                            if (e == null) {
                                counters.objectsWritten().incrementAndGet();
                                counters.bytesWritten().addAndGet(data.length);
                                delivered.accept(
                                        new FirehoseEmulator.DeliveredObject(bucket, key, data));
                                return CompletableFuture.<Void>completedFuture(null);
                            }
                            if (attempt < PUT_ATTEMPTS) {
                                return put(key, data, attempt + 1);
                            }
                            counters.deliveryFailures().incrementAndGet();
                            LOG.warn(
                                    "Could not write s3://{}/{} after {} attempts",
                                    bucket,
                                    key,
                                    attempt,
                                    e);
                            return CompletableFuture.<Void>completedFuture(null);
                        })
                .thenCompose(f -> f);
    }
}
