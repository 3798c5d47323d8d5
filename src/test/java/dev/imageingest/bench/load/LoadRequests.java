package dev.imageingest.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imageingest.bench.endpoints.BenchLayout;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

/**
 * The requests of one {@link LoadClient} mode, shaped like the job's: image GETs, 30 KB S3 PUTs
 * (unsigned payload), Firehose PutRecordBatch of 500 path-record-sized lines, and SQS
 * ReceiveMessage (10) followed by DeleteMessageBatch of what it returned. Immutable: connections on
 * any event loop share it.
 */
final class LoadRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String mode;
    private final String host;
    private final int pool;
    private final byte[] s3Body;
    private final byte[] firehoseBody;
    private final byte[] receiveBody;
    private final String queueUrl;

    LoadRequests(String mode, int port, Map<String, String> args) {
        this.mode = mode;
        this.host = "img1" + BenchLayout.HOST_SUFFIX;
        this.pool = Integer.parseInt(args.getOrDefault("pool", "512"));
        Random random = new Random(7);
        this.s3Body = new byte[Integer.parseInt(args.getOrDefault("object-bytes", "30720"))];
        random.nextBytes(s3Body);
        this.queueUrl = BenchLayout.queueUrl(port, "ceiling");
        this.receiveBody =
                ("{\"QueueUrl\":\""
                                + queueUrl
                                + "\",\"MaxNumberOfMessages\":10,\"WaitTimeSeconds\":0,\"VisibilityTimeout\":60}")
                        .getBytes(StandardCharsets.UTF_8);
        ObjectNode batch = JSON.createObjectNode().put("DeliveryStreamName", "ceiling");
        ArrayNode records = batch.putArray("Records");
        String line =
                "{\"record_id\":\"0123456789abcdef0123456789abcdef\",\"bukken_id\":123456,\"image_type\":2,"
                        + "\"url\":\"https://img1.bench.test:443/i/17/123456.jpg\",\"status\":\"OK\",\"s3_path\":"
                        + "\"s3://bench-images/images/ab/cd/abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789.jpg\","
                        + "\"sha256\":\"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789\",\"content_type\":\"image/jpeg\","
                        + "\"size_bytes\":30720,\"width\":320,\"height\":240,\"http_status\":200,\"attempts\":1,\"error\":null,"
                        + "\"processed_at\":\"2026-01-01T00:00:00.000Z\"}\n";
        String data = Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 500; i++) {
            records.addObject().put("Data", data);
        }
        try {
            this.firehoseBody = JSON.writeValueAsBytes(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String host() {
        return host;
    }

    /**
     * Request number {@code seq} (unique per client), sent after {@code previous} (null for a
     * connection's first request).
     */
    FullHttpRequest next(FullHttpResponse previous, long seq) {
        switch (mode) {
            case "image-http", "image-https" -> {
                FullHttpRequest r =
                        new DefaultFullHttpRequest(
                                HttpVersion.HTTP_1_1,
                                HttpMethod.GET,
                                "/i/" + (seq % pool) + "/" + seq + ".jpg",
                                Unpooled.EMPTY_BUFFER);
                r.headers().set(HttpHeaderNames.HOST, host);
                return r;
            }
            case "s3" -> {
                FullHttpRequest r =
                        new DefaultFullHttpRequest(
                                HttpVersion.HTTP_1_1,
                                HttpMethod.PUT,
                                "/ceiling/images/" + seq + ".jpg",
                                Unpooled.wrappedBuffer(s3Body));
                r.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
                r.headers().set("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, "image/jpeg");
                r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, s3Body.length);
                return r;
            }
            case "firehose" -> {
                return json(
                        "Firehose_20150804.PutRecordBatch",
                        "application/x-amz-json-1.1",
                        firehoseBody);
            }
            case "sqs" -> {
                JsonNode messages = previous == null ? null : parse(previous).path("Messages");
                if (messages == null || messages.size() == 0) {
                    return json(
                            "AmazonSQS.ReceiveMessage", "application/x-amz-json-1.0", receiveBody);
                }
                ObjectNode del = JSON.createObjectNode().put("QueueUrl", queueUrl);
                ArrayNode entries = del.putArray("Entries");
                int i = 0;
                for (JsonNode m : messages) {
                    entries.addObject()
                            .put("Id", "e" + i++)
                            .put("ReceiptHandle", m.path("ReceiptHandle").asText());
                }
                try {
                    return json(
                            "AmazonSQS.DeleteMessageBatch",
                            "application/x-amz-json-1.0",
                            JSON.writeValueAsBytes(del));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    /** Items a response stands for: images, objects, records, or messages deleted. */
    long items(FullHttpResponse response) {
        return switch (mode) {
            case "firehose" -> 500;
            case "sqs" -> parse(response).path("Successful").size();
            default -> 1;
        };
    }

    private static JsonNode parse(FullHttpResponse response) {
        try {
            return JSON.readTree(new ByteBufInputStream(response.content().duplicate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FullHttpRequest json(String target, String type, byte[] body) {
        FullHttpRequest r =
                new DefaultFullHttpRequest(
                        HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
        r.headers().set("X-Amz-Target", target);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }
}
