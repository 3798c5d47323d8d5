package dev.imageingest.bench.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Amazon Data Firehose over JSON 1.1 ({@code X-Amz-Target: Firehose_20150804.<Operation>}):
 * PutRecordBatch, PutRecord and DescribeDeliveryStream. Records are counted per stream; a stream
 * created with a {@link DeliveredRecords} keeps its lines for the end-of-run check. Limits as the
 * service: at most 500 records per batch, 1,000 KiB per record.
 */
final class FirehoseHandler extends RequestHandler {
    private static final String TYPE = "application/x-amz-json-1.1";
    private static final String PREFIX = "Firehose_20150804.";
    private static final int MAX_RECORD = 1000 * 1024;

    private final Map<String, Optional<DeliveredRecords>> streams = new ConcurrentHashMap<>();
    private final AtomicLong recordIds = new AtomicLong();

    FirehoseHandler(Counters counters) {
        super("firehose", counters);
    }

    /** A stream; with {@code keep} its lines are kept and checked. */
    void createStream(String name, DeliveredRecords keep) {
        streams.put(name, Optional.ofNullable(keep));
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        String target = request.headers().get("X-Amz-Target", "");
        String action = target.startsWith(PREFIX) ? target.substring(PREFIX.length()) : target;
        counters.inc("firehose." + action);
        FullHttpResponse r;
        try {
            JsonNode in = HttpReplies.JSON.readTree(new ByteBufInputStream(request.content()));
            r = dispatch(action, in);
        } catch (IOException e) {
            r = error("SerializationException", "body is not JSON");
        }
        r.headers().set("x-amzn-RequestId", HttpReplies.requestId());
        HttpReplies.write(ctx, keepAlive, r);
    }

    private FullHttpResponse dispatch(String action, JsonNode in) throws IOException {
        String name = in.path("DeliveryStreamName").asText();
        Optional<DeliveredRecords> stream = streams.get(name);
        if (stream == null) {
            return error("ResourceNotFoundException", "Firehose " + name + " not found.");
        }
        switch (action) {
            case "PutRecordBatch" -> {
                JsonNode records = in.path("Records");
                if (records.size() == 0 || records.size() > 500) {
                    return error("ValidationException", "1..500 records per batch");
                }
                ObjectNode out = HttpReplies.JSON.createObjectNode();
                out.put("FailedPutCount", 0).put("Encrypted", false);
                ArrayNode responses = out.putArray("RequestResponses");
                for (JsonNode rec : records) {
                    byte[] data = rec.path("Data").binaryValue();
                    if (data == null || data.length > MAX_RECORD) {
                        return error("ValidationException", "record missing or above 1,000 KiB");
                    }
                    stream.ifPresent(s -> s.accept(data));
                    responses.addObject().put("RecordId", nextId());
                }
                counters.add("firehose.records", records.size());
                return ok(out);
            }
            case "PutRecord" -> {
                byte[] data = in.path("Record").path("Data").binaryValue();
                if (data == null || data.length > MAX_RECORD) {
                    return error("ValidationException", "record missing or above 1,000 KiB");
                }
                stream.ifPresent(s -> s.accept(data));
                counters.inc("firehose.records");
                return ok(
                        HttpReplies.JSON
                                .createObjectNode()
                                .put("RecordId", nextId())
                                .put("Encrypted", false));
            }
            case "DescribeDeliveryStream" -> {
                ObjectNode out = HttpReplies.JSON.createObjectNode();
                ObjectNode d = out.putObject("DeliveryStreamDescription");
                d.put("DeliveryStreamName", name)
                        .put(
                                "DeliveryStreamARN",
                                "arn:aws:firehose:"
                                        + BenchLayout.REGION
                                        + ":"
                                        + BenchLayout.ACCOUNT
                                        + ":deliverystream/"
                                        + name)
                        .put("DeliveryStreamStatus", "ACTIVE")
                        .put("DeliveryStreamType", "DirectPut")
                        .put("VersionId", "1")
                        .put("HasMoreDestinations", false);
                d.putArray("Destinations");
                return ok(out);
            }
            default -> {
                return error("InvalidArgumentException", "unsupported operation " + action);
            }
        }
    }

    private String nextId() {
        return "r" + recordIds.incrementAndGet();
    }

    private static FullHttpResponse ok(ObjectNode body) {
        return HttpReplies.json(HttpResponseStatus.OK, body, TYPE);
    }

    private static FullHttpResponse error(String type, String message) {
        FullHttpResponse r =
                HttpReplies.json(
                        HttpResponseStatus.BAD_REQUEST,
                        HttpReplies.JSON
                                .createObjectNode()
                                .put("__type", type)
                                .put("message", message),
                        TYPE);
        r.headers().set("x-amzn-ErrorType", type);
        return r;
    }
}
