package dev.imageingest.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * An in-process Amazon Data Firehose emulation on 127.0.0.1 speaking the service's JSON 1.1
 * protocol ({@code X-Amz-Target: Firehose_20150804.<Operation>}): PutRecordBatch, PutRecord,
 * DescribeDeliveryStream, ListDeliveryStreams and CreateDeliveryStream. Each delivery stream has an
 * S3 destination in the local S3 that buffers by size and interval ({@link S3DeliveryBuffer});
 * requests are validated like the service (unknown stream, more than 500 records, record larger
 * than 1,000 KiB, request larger than 4 MiB). {@link #setFaults} injects failures.
 */
public final class FirehoseEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FirehoseEmulator.class);
    public static final long DEFAULT_BUFFER_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_BUFFER_INTERVAL = Duration.ofSeconds(1);
    static final int MAX_BATCH_RECORDS = 500;
    static final int MAX_RECORD_BYTES = 1000 * 1024;
    static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

    private static final String TARGET_PREFIX = "Firehose_20150804.";
    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final S3AsyncClient s3;
    private final long bufferBytes;
    private final Duration bufferInterval;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService ticker;
    private final Map<String, S3DeliveryBuffer> streams = new ConcurrentHashMap<>();
    private final S3DeliveryBuffer.Counters counters = new S3DeliveryBuffer.Counters();
    private final AtomicLong recordsAccepted = new AtomicLong();
    private final AtomicLong recordsRejected = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final java.util.Set<String> contentTypes = ConcurrentHashMap.newKeySet();
    private volatile FirehoseFaults faults = FirehoseFaults.NONE;
    private volatile Consumer<DeliveredObject> deliveryListener = o -> {};

    /** One object written to S3 by a delivery stream. */
    public record DeliveredObject(String bucket, String key, byte[] data) {}

    private FirehoseEmulator(S3AsyncClient s3, long bufferBytes, Duration bufferInterval)
            throws IOException {
        this.s3 = s3;
        this.bufferBytes = bufferBytes;
        this.bufferInterval = bufferInterval;
        this.server = LocalHttpServers.create(128);
        this.handlers = Executors.newFixedThreadPool(8, daemon("firehose-emulator-http"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("firehose-emulator-tick"));
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
        long tick = Math.max(20, Math.min(250, bufferInterval.toMillis() / 4));
        ticker.scheduleWithFixedDelay(this::flushDue, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts with the local defaults (1 MiB / 1 s buffers); {@code s3} stays owned by the caller.
     */
    public static FirehoseEmulator start(S3AsyncClient s3) {
        return start(s3, DEFAULT_BUFFER_BYTES, DEFAULT_BUFFER_INTERVAL);
    }

    /** Starts with the given default buffering hints for streams created later. */
    public static FirehoseEmulator start(S3AsyncClient s3, long bufferBytes, Duration interval) {
        if (bufferBytes < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("buffer size and interval must be positive");
        }
        try {
            return new FirehoseEmulator(s3, bufferBytes, interval);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Creates a DirectPut stream delivering to {@code s3://bucket/<prefix>yyyy/MM/dd/HH/...} with
     * the emulator's buffering hints (the bucket must exist in the local S3).
     */
    public void createDeliveryStream(String stream, String bucket, String prefix) {
        createStream(stream, bucket, prefix, bufferBytes, bufferInterval);
    }

    /** Replaces the fault plan (takes effect for the next request). */
    public void setFaults(FirehoseFaults faults) {
        this.faults = faults == null ? FirehoseFaults.NONE : faults;
    }

    /**
     * Called (on an SDK thread) after each object is written to S3; must be fast and thread-safe.
     */
    public void setDeliveryListener(Consumer<DeliveredObject> listener) {
        this.deliveryListener = listener == null ? o -> {} : listener;
    }

    /** Records accepted into a buffer (successful entries of PutRecord/PutRecordBatch). */
    public long recordsAccepted() {
        return recordsAccepted.get();
    }

    /** Records answered with an error entry (injected partial failures). */
    public long recordsRejected() {
        return recordsRejected.get();
    }

    /** HTTP requests received, valid or not. */
    public long requests() {
        return requests.get();
    }

    /** Distinct request Content-Types seen (clients must send JSON 1.1, never CBOR). */
    public java.util.Set<String> contentTypes() {
        return java.util.Set.copyOf(contentTypes);
    }

    /** S3 objects written by all streams. */
    public long objectsWritten() {
        return counters.objectsWritten().get();
    }

    /** Bytes written to S3 by all streams. */
    public long bytesWritten() {
        return counters.bytesWritten().get();
    }

    /** Buffers whose S3 write failed after retries (their records are lost, as logged). */
    public long deliveryFailures() {
        return counters.deliveryFailures().get();
    }

    /** Writes every non-empty buffer now and waits for all S3 writes to end. */
    public void flush() {
        streams.values().forEach(S3DeliveryBuffer::flush);
    }

    /** Stops accepting requests, then flushes the remaining buffers to S3. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        ticker.shutdownNow();
        flush();
    }

    // ------------------------------------------------------------------ protocol

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Response response;
            try {
                response = dispatch(exchange, body);
            } catch (RuntimeException e) {
                response = error(500, "InternalFailure", e.toString());
            }
            byte[] out = MAPPER.writeValueAsBytes(response.body());
            exchange.getResponseHeaders().set("Content-Type", JSON_1_1);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            if (response.errorType() != null) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", response.errorType());
            }
            exchange.sendResponseHeaders(response.status(), out.length);
            exchange.getResponseBody().write(out);
        } finally {
            exchange.close();
        }
    }

    private Response dispatch(HttpExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod())
                || target == null
                || !target.startsWith(TARGET_PREFIX)) {
            return error(
                    400, "UnknownOperationException", "Expected X-Amz-Target " + TARGET_PREFIX);
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            contentTypes.add(contentType);
        }
        if (contentType == null || !contentType.startsWith("application/x-amz-json")) {
            return error(400, "SerializationException", "Unsupported Content-Type " + contentType);
        }
        String operation = target.substring(TARGET_PREFIX.length());
        JsonNode request;
        try {
            request = MAPPER.readTree(body);
        } catch (IOException e) {
            return error(400, "SerializationException", "Request body is not JSON");
        }
        if (request == null || !request.isObject()) {
            return error(400, "SerializationException", "Request body is not a JSON object");
        }
        String stream = text(request, "DeliveryStreamName");
        int records = request.path("Records").size() + (request.has("Record") ? 1 : 0);
        FirehoseFaults.Fault fault = faults.decide(operation, stream, records);
        if (fault instanceof FirehoseFaults.Fault.Error e) {
            return error(e.httpStatus(), e.errorType(), e.message());
        }
        try {
            return switch (operation) {
                case "PutRecordBatch" -> putRecordBatch(stream, request, fault);
                case "PutRecord" -> putRecord(stream, request);
                case "DescribeDeliveryStream" -> describe(stream);
                case "ListDeliveryStreams" -> list();
                case "CreateDeliveryStream" -> create(stream, request);
                default ->
                        error(
                                400,
                                "UnknownOperationException",
                                "Operation " + operation + " is not emulated");
            };
        } catch (InvalidRequest e) {
            return error(400, e.type, e.getMessage());
        }
    }

    private Response putRecordBatch(String stream, JsonNode request, FirehoseFaults.Fault fault) {
        S3DeliveryBuffer destination = existing(stream);
        JsonNode records = request.path("Records");
        if (!records.isArray() || records.isEmpty()) {
            throw new InvalidRequest("ValidationException", "Records must not be empty");
        }
        if (records.size() > MAX_BATCH_RECORDS) {
            throw new InvalidRequest(
                    "ValidationException",
                    "1 validation error detected: Value at 'records' failed to satisfy"
                            + " constraint: Member must have length less than or equal to "
                            + MAX_BATCH_RECORDS);
        }
        List<byte[]> data = new ArrayList<>(records.size());
        long total = 0;
        for (JsonNode record : records) {
            byte[] bytes = decode(record);
            total += bytes.length;
            data.add(bytes);
        }
        if (total > MAX_BATCH_BYTES) {
            throw new InvalidRequest(
                    "InvalidArgumentException",
                    "Records size exceeds " + MAX_BATCH_BYTES + " bytes for PutRecordBatch");
        }
        int everyNth =
                fault instanceof FirehoseFaults.Fault.PartialFailure p
                        ? Math.max(1, p.everyNth())
                        : 0;
        long now = System.currentTimeMillis();
        ArrayNode responses = MAPPER.createArrayNode();
        int failed = 0;
        for (int i = 0; i < data.size(); i++) {
            ObjectNode entry = responses.addObject();
            if (everyNth > 0 && (i + 1) % everyNth == 0) {
                failed++;
                entry.put("ErrorCode", "ServiceUnavailableException");
                entry.put("ErrorMessage", "Slow down (injected fault).");
            } else {
                destination.append(data.get(i), now);
                entry.put("RecordId", recordId());
            }
        }
        recordsAccepted.addAndGet(data.size() - failed);
        recordsRejected.addAndGet(failed);
        ObjectNode out = MAPPER.createObjectNode();
        out.put("FailedPutCount", failed);
        out.put("Encrypted", false);
        out.set("RequestResponses", responses);
        return ok(out);
    }

    private Response putRecord(String stream, JsonNode request) {
        S3DeliveryBuffer destination = existing(stream);
        if (!request.has("Record")) {
            throw new InvalidRequest("ValidationException", "Record is required");
        }
        destination.append(decode(request.get("Record")), System.currentTimeMillis());
        recordsAccepted.incrementAndGet();
        ObjectNode out = MAPPER.createObjectNode();
        out.put("RecordId", recordId());
        out.put("Encrypted", false);
        return ok(out);
    }

    private Response describe(String stream) {
        S3DeliveryBuffer d = existing(stream);
        ObjectNode out = MAPPER.createObjectNode();
        ObjectNode desc = out.putObject("DeliveryStreamDescription");
        desc.put("DeliveryStreamName", d.stream());
        desc.put("DeliveryStreamARN", arn(d.stream()));
        desc.put("DeliveryStreamStatus", "ACTIVE");
        desc.put("DeliveryStreamType", "DirectPut");
        desc.put("VersionId", "1");
        desc.put("CreateTimestamp", System.currentTimeMillis() / 1000.0);
        ObjectNode destination = desc.putArray("Destinations").addObject();
        destination.put("DestinationId", "destinationId-000000000001");
        ObjectNode s3 = destination.putObject("ExtendedS3DestinationDescription");
        s3.put("BucketARN", "arn:aws:s3:::" + d.bucket());
        s3.put("Prefix", d.prefix());
        s3.put("RoleARN", "arn:aws:iam::000000000000:role/firehose-local");
        s3.put("CompressionFormat", "UNCOMPRESSED");
        ObjectNode hints = s3.putObject("BufferingHints");
        hints.put("SizeInMBs", Math.max(1, d.sizeHintBytes() / (1024 * 1024)));
        hints.put("IntervalInSeconds", Math.max(1, d.intervalHint().toSeconds()));
        desc.put("HasMoreDestinations", false);
        return ok(out);
    }

    private Response list() {
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode names = out.putArray("DeliveryStreamNames");
        streams.keySet().stream().sorted().forEach(names::add);
        out.put("HasMoreDeliveryStreams", false);
        return ok(out);
    }

    private Response create(String stream, JsonNode request) {
        if (stream == null || stream.isBlank()) {
            throw new InvalidRequest("ValidationException", "DeliveryStreamName is required");
        }
        JsonNode s3 = request.path("ExtendedS3DestinationConfiguration");
        if (s3.isMissingNode()) {
            s3 = request.path("S3DestinationConfiguration");
        }
        String bucketArn = text(s3, "BucketARN");
        if (bucketArn == null || !bucketArn.startsWith("arn:aws:s3:::")) {
            throw new InvalidRequest(
                    "InvalidArgumentException", "An S3 destination with a BucketARN is required");
        }
        String prefix = s3.path("Prefix").asText("");
        JsonNode hints = s3.path("BufferingHints");
        long size =
                hints.has("SizeInMBs")
                        ? hints.get("SizeInMBs").asLong() * 1024 * 1024
                        : bufferBytes;
        Duration interval =
                hints.has("IntervalInSeconds")
                        ? Duration.ofSeconds(hints.get("IntervalInSeconds").asLong())
                        : bufferInterval;
        if (!createStream(
                stream, bucketArn.substring("arn:aws:s3:::".length()), prefix, size, interval)) {
            throw new InvalidRequest(
                    "ResourceInUseException", "Firehose " + stream + " is already in use");
        }
        ObjectNode out = MAPPER.createObjectNode();
        out.put("DeliveryStreamARN", arn(stream));
        return ok(out);
    }

    // ------------------------------------------------------------------ helpers

    private boolean createStream(
            String stream, String bucket, String prefix, long size, Duration interval) {
        return streams.putIfAbsent(
                        stream,
                        new S3DeliveryBuffer(
                                stream,
                                bucket,
                                prefix,
                                size,
                                interval,
                                s3,
                                counters,
                                o -> deliveryListener.accept(o)))
                == null;
    }

    private S3DeliveryBuffer existing(String stream) {
        S3DeliveryBuffer d = stream == null ? null : streams.get(stream);
        if (d == null) {
            throw new InvalidRequest(
                    "ResourceNotFoundException",
                    "Firehose " + stream + " under account 000000000000 not found.");
        }
        return d;
    }

    private void flushDue() {
        long now = System.currentTimeMillis();
        for (S3DeliveryBuffer d : streams.values()) {
            try {
                d.flushIfDue(now);
            } catch (RuntimeException e) {
                LOG.warn("Flush of {} failed", d.stream(), e);
            }
        }
    }

    private static byte[] decode(JsonNode record) {
        JsonNode data = record.get("Data");
        if (data == null || !data.isTextual()) {
            throw new InvalidRequest("ValidationException", "Record.Data is required");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("SerializationException", "Record.Data is not base64");
        }
        if (bytes.length > MAX_RECORD_BYTES) {
            throw new InvalidRequest(
                    "ValidationException",
                    "Record size " + bytes.length + " exceeds " + MAX_RECORD_BYTES + " bytes");
        }
        return bytes;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private static String arn(String stream) {
        return "arn:aws:firehose:" + LocalAws.REGION + ":000000000000:deliverystream/" + stream;
    }

    private static String recordId() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    private static Response ok(JsonNode body) {
        return new Response(200, null, body);
    }

    private static Response error(int status, String type, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", type);
        body.put("message", message);
        return new Response(status, type, body);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private record Response(int status, String errorType, JsonNode body) {}

    /** A request the service would reject with HTTP 400 and the given error type. */
    private static final class InvalidRequest extends RuntimeException {
        final String type;

        InvalidRequest(String type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }

    /** For diagnostics only. */
    @Override
    public String toString() {
        return "FirehoseEmulator[" + endpoint() + ", streams=" + streams.keySet() + "]";
    }
}
