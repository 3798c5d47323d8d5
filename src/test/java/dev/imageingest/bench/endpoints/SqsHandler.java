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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * SQS over the AWS JSON 1.0 protocol the SDK uses ({@code X-Amz-Target: AmazonSQS.<Action>}):
 * GetQueueUrl, CreateQueue, SendMessage(Batch), ReceiveMessage (long polling, visibility timeout,
 * system attributes), DeleteMessage(Batch), ChangeMessageVisibility(Batch), GetQueueAttributes.
 * Bodies carry {@code MD5OfBody}/{@code MD5OfMessageBody}, which the SDK verifies.
 */
final class SqsHandler extends RequestHandler {
    private static final String TYPE = "application/x-amz-json-1.0";
    private static final String PREFIX = "AmazonSQS.";

    private final Map<String, SqsQueue> queues = new ConcurrentHashMap<>();
    private volatile int port;

    SqsHandler(Counters counters) {
        super("sqs", counters);
    }

    void port(int port) {
        this.port = port;
    }

    SqsQueue createQueue(String name) {
        return queues.computeIfAbsent(
                name, n -> new SqsQueue(n, BenchLayout.queueUrl(port, n), 30));
    }

    SqsQueue queue(String name) {
        return queues.get(name);
    }

    Iterable<SqsQueue> queues() {
        return queues.values();
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        String target = request.headers().get("X-Amz-Target", "");
        String action = target.startsWith(PREFIX) ? target.substring(PREFIX.length()) : target;
        counters.inc("sqs." + action);
        JsonNode in;
        try {
            in = HttpReplies.JSON.readTree(new ByteBufInputStream(request.content()));
        } catch (IOException e) {
            reply(ctx, keepAlive, error("InvalidParameterValue", "body is not JSON", false));
            return;
        }
        if (action.equals("GetQueueUrl") || action.equals("CreateQueue")) {
            String name = in.path("QueueName").asText();
            SqsQueue q = action.equals("CreateQueue") ? createQueue(name) : queues.get(name);
            reply(ctx, keepAlive, q == null ? noQueue() : ok(obj().put("QueueUrl", q.url())));
            return;
        }
        String url = in.path("QueueUrl").asText();
        SqsQueue q = queues.get(url.substring(url.lastIndexOf('/') + 1));
        if (q == null) {
            reply(ctx, keepAlive, noQueue());
            return;
        }
        switch (action) {
            case "ReceiveMessage" -> receive(ctx, keepAlive, q, in);
            case "SendMessage" -> {
                String[] sent = q.send(in.path("MessageBody").asText());
                reply(
                        ctx,
                        keepAlive,
                        ok(obj().put("MessageId", sent[0]).put("MD5OfMessageBody", sent[1])));
            }
            case "SendMessageBatch" -> reply(ctx, keepAlive, sendBatch(q, in));
            case "DeleteMessage" -> {
                SqsQueue.Outcome o = q.delete(in.path("ReceiptHandle").asText());
                reply(ctx, keepAlive, o == SqsQueue.Outcome.INVALID ? badHandle() : ok(obj()));
            }
            case "DeleteMessageBatch", "ChangeMessageVisibilityBatch" ->
                    reply(ctx, keepAlive, batch(q, in, action.startsWith("Delete")));
            case "ChangeMessageVisibility" -> {
                SqsQueue.Outcome o =
                        q.changeVisibility(
                                in.path("ReceiptHandle").asText(),
                                in.path("VisibilityTimeout").asInt());
                reply(ctx, keepAlive, o == SqsQueue.Outcome.INVALID ? notInFlight() : ok(obj()));
            }
            case "GetQueueAttributes" -> reply(ctx, keepAlive, ok(attributes(q)));
            default -> reply(ctx, keepAlive, error("UnsupportedOperation", action, false));
        }
    }

    private void receive(ChannelHandlerContext ctx, boolean keepAlive, SqsQueue q, JsonNode in) {
        int max = in.path("MaxNumberOfMessages").asInt(1);
        int wait = in.path("WaitTimeSeconds").asInt(0);
        int visibility = in.has("VisibilityTimeout") ? in.path("VisibilityTimeout").asInt() : -1;
        if (max < 1 || max > 10 || wait < 0 || wait > 20) {
            reply(
                    ctx,
                    keepAlive,
                    error(
                            "InvalidParameterValue",
                            "bad MaxNumberOfMessages or WaitTimeSeconds",
                            false));
            return;
        }
        Set<String> names = new HashSet<>();
        in.path("AttributeNames").forEach(n -> names.add(n.asText()));
        in.path("MessageSystemAttributeNames").forEach(n -> names.add(n.asText()));
        if (wait == 0) {
            reply(ctx, keepAlive, messages(q.receive(max, visibility), names));
            return;
        }
        SqsQueue.Waiter waiter =
                new SqsQueue.Waiter(
                        max, visibility, got -> reply(ctx, keepAlive, messages(got, names)));
        List<SqsQueue.Delivery> got = q.receiveOrWait(waiter);
        if (got != null) {
            reply(ctx, keepAlive, messages(got, names));
            return;
        }
        counters.inc("sqs.long-polls-parked");
        ctx.executor()
                .schedule(
                        () -> {
                            if (q.cancel(waiter)) {
                                reply(ctx, keepAlive, messages(List.of(), names));
                            }
                        },
                        wait,
                        TimeUnit.SECONDS);
        ctx.channel().closeFuture().addListener(f -> q.cancel(waiter));
    }

    private FullHttpResponse messages(List<SqsQueue.Delivery> got, Set<String> names) {
        counters.add("sqs.messages-received", got.size());
        if (got.isEmpty()) {
            counters.inc("sqs.ReceiveMessage.empty");
        }
        boolean all = names.contains("All");
        ObjectNode out = obj();
        ArrayNode list = out.putArray("Messages");
        for (SqsQueue.Delivery d : got) {
            ObjectNode m = list.addObject();
            m.put("MessageId", d.messageId())
                    .put("ReceiptHandle", d.receiptHandle())
                    .put("MD5OfBody", d.md5OfBody())
                    .put("Body", d.body());
            ObjectNode attrs = HttpReplies.JSON.createObjectNode();
            if (all || names.contains("ApproximateReceiveCount")) {
                attrs.put("ApproximateReceiveCount", Integer.toString(d.receiveCount()));
            }
            if (all || names.contains("SentTimestamp")) {
                attrs.put("SentTimestamp", Long.toString(d.sentMillis()));
            }
            if (all || names.contains("ApproximateFirstReceiveTimestamp")) {
                attrs.put(
                        "ApproximateFirstReceiveTimestamp", Long.toString(d.firstReceiveMillis()));
            }
            if (all || names.contains("SenderId")) {
                attrs.put("SenderId", BenchLayout.ACCOUNT);
            }
            if (!attrs.isEmpty()) {
                m.set("Attributes", attrs);
            }
        }
        return ok(out);
    }

    private FullHttpResponse sendBatch(SqsQueue q, JsonNode in) {
        JsonNode entries = in.path("Entries");
        if (entries.size() > 10) {
            return error("TooManyEntriesInBatchRequest", "at most 10 entries", false);
        }
        if (entries.size() == 0) {
            return error("EmptyBatchRequest", "no entries", false);
        }
        ObjectNode out = obj();
        ArrayNode ok = out.putArray("Successful");
        out.putArray("Failed");
        for (JsonNode e : entries) {
            String[] sent = q.send(e.path("MessageBody").asText());
            ok.addObject()
                    .put("Id", e.path("Id").asText())
                    .put("MessageId", sent[0])
                    .put("MD5OfMessageBody", sent[1]);
        }
        counters.add("sqs.messages-sent", entries.size());
        return ok(out);
    }

    private FullHttpResponse batch(SqsQueue q, JsonNode in, boolean delete) {
        JsonNode entries = in.path("Entries");
        if (entries.size() > 10) {
            return error("TooManyEntriesInBatchRequest", "at most 10 entries", false);
        }
        if (entries.size() == 0) {
            return error("EmptyBatchRequest", "no entries", false);
        }
        ObjectNode out = obj();
        ArrayNode ok = out.putArray("Successful");
        ArrayNode failed = out.putArray("Failed");
        for (JsonNode e : entries) {
            String handle = e.path("ReceiptHandle").asText();
            SqsQueue.Outcome o =
                    delete
                            ? q.delete(handle)
                            : q.changeVisibility(handle, e.path("VisibilityTimeout").asInt());
            if (o == SqsQueue.Outcome.INVALID) {
                failed.addObject()
                        .put("Id", e.path("Id").asText())
                        .put("SenderFault", true)
                        .put("Code", delete ? "ReceiptHandleIsInvalid" : "MessageNotInflight")
                        .put("Message", "no such in-flight message for " + handle);
            } else {
                ok.addObject().put("Id", e.path("Id").asText());
            }
        }
        counters.add(delete ? "sqs.messages-deleted" : "sqs.visibility-changes", ok.size());
        return ok(out);
    }

    private static ObjectNode attributes(SqsQueue q) {
        long[] d = q.depth();
        ObjectNode out = obj();
        out.putObject("Attributes")
                .put("ApproximateNumberOfMessages", Long.toString(d[0]))
                .put("ApproximateNumberOfMessagesNotVisible", Long.toString(d[1]))
                .put("ApproximateNumberOfMessagesDelayed", "0")
                .put("VisibilityTimeout", "30")
                .put("ReceiveMessageWaitTimeSeconds", "0")
                .put(
                        "QueueArn",
                        "arn:aws:sqs:"
                                + BenchLayout.REGION
                                + ":"
                                + BenchLayout.ACCOUNT
                                + ":"
                                + q.name());
        return out;
    }

    private static ObjectNode obj() {
        return HttpReplies.JSON.createObjectNode();
    }

    private static FullHttpResponse ok(ObjectNode body) {
        return HttpReplies.json(HttpResponseStatus.OK, body, TYPE);
    }

    private static FullHttpResponse noQueue() {
        return error("QueueDoesNotExist", "The specified queue does not exist.", true);
    }

    private static FullHttpResponse badHandle() {
        return error("ReceiptHandleIsInvalid", "The input receipt handle is invalid.", false);
    }

    private static FullHttpResponse notInFlight() {
        return error("MessageNotInflight", "The message is not in flight.", false);
    }

    private static FullHttpResponse error(String type, String message, boolean nonExistent) {
        FullHttpResponse r =
                HttpReplies.json(
                        HttpResponseStatus.BAD_REQUEST,
                        obj().put("__type", "com.amazonaws.sqs#" + type).put("message", message),
                        TYPE);
        String query = nonExistent ? "AWS.SimpleQueueService.NonExistentQueue" : type;
        r.headers().set("x-amzn-query-error", query + ";Sender");
        return r;
    }

    private void reply(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse r) {
        r.headers().set("x-amzn-RequestId", HttpReplies.requestId());
        counters.add("sqs.bytes-out", r.content().readableBytes());
        HttpReplies.write(ctx, keepAlive, r);
    }
}
