package dev.imageingest.tools.enqueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A minimal SQS server speaking the AWS JSON protocol the SDK uses ({@code X-Amz-Target:
 * AmazonSQS.<Action>}, {@code application/x-amz-json-1.0}) for {@code SendMessageBatch} and {@code
 * GetQueueUrl} on one queue. Answers with correct {@code MD5OfMessageBody} (the SDK checks them).
 * Used for fault injection (a {@link Policy} decides each entry's fate) and as a fast sink for the
 * enqueue benchmark, where ElasticMQ would be the bottleneck.
 */
public final class FakeSqsServer implements AutoCloseable {
    public static final String QUEUE = "fake-queue";

    /** What happens to one entry. */
    public enum Fate {
        ACCEPT,
        TRANSIENT_FAILURE,
        SENDER_FAULT
    }

    /** Decides an entry's fate from its body and how many times this body was seen before. */
    public interface Policy {
        Fate decide(String body, int previousAttempts);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Policy policy;
    private final boolean keepBodies;
    private final ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final LongAdder acceptedCount = new LongAdder();
    private final LongAdder requests = new LongAdder();

    private FakeSqsServer(int port, Policy policy, boolean keepBodies, int threads)
            throws IOException {
        this.policy = policy;
        this.keepBodies = keepBodies;
        this.server =
                HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        this.executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server on a free port that records accepted bodies. */
    public static FakeSqsServer start(Policy policy) throws IOException {
        return new FakeSqsServer(0, policy, true, 4);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String queueUrl() {
        return endpoint() + "/000000000000/" + QUEUE;
    }

    public List<String> acceptedBodies() {
        return List.copyOf(accepted);
    }

    public long acceptedCount() {
        return acceptedCount.sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.increment();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = MAPPER.readTree(exchange.getRequestBody());
            if ("AmazonSQS.GetQueueUrl".equals(target)) {
                if (!QUEUE.equals(request.path("QueueName").asText())) {
                    error(exchange, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue");
                    return;
                }
                ObjectNode response = MAPPER.createObjectNode().put("QueueUrl", queueUrl());
                respond(exchange, 200, response);
                return;
            }
            if (!"AmazonSQS.SendMessageBatch".equals(target)) {
                error(
                        exchange,
                        "UnsupportedOperation",
                        "AWS.SimpleQueueService.UnsupportedOperation");
                return;
            }
            if (!request.path("QueueUrl").asText().endsWith("/" + QUEUE)) {
                error(exchange, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue");
                return;
            }
            ObjectNode response = MAPPER.createObjectNode();
            ArrayNode successful = response.putArray("Successful");
            ArrayNode failed = response.putArray("Failed");
            for (JsonNode entry : request.path("Entries")) {
                String id = entry.path("Id").asText();
                String body = entry.path("MessageBody").asText();
                int seen =
                        keepBodies
                                ? attempts.computeIfAbsent(body, b -> new AtomicInteger())
                                        .getAndIncrement()
                                : 0;
                switch (policy.decide(body, seen)) {
                    case ACCEPT -> {
                        acceptedCount.increment();
                        if (keepBodies) {
                            accepted.add(body);
                        }
                        successful
                                .addObject()
                                .put("Id", id)
                                .put("MessageId", UUID.randomUUID().toString())
                                .put("MD5OfMessageBody", md5(body));
                    }
                    case TRANSIENT_FAILURE ->
                            failed.addObject()
                                    .put("Id", id)
                                    .put("SenderFault", false)
                                    .put("Code", "InternalError")
                                    .put("Message", "injected transient failure");
                    case SENDER_FAULT ->
                            failed.addObject()
                                    .put("Id", id)
                                    .put("SenderFault", true)
                                    .put("Code", "InvalidMessageContents")
                                    .put("Message", "injected rejection");
                }
            }
            respond(exchange, 200, response);
        }
    }

    private static void error(HttpExchange exchange, String type, String queryCode)
            throws IOException {
        exchange.getResponseHeaders().add("x-amzn-query-error", queryCode + ";Sender");
        respond(
                exchange,
                400,
                MAPPER.createObjectNode()
                        .put("__type", "com.amazonaws.sqs#" + type)
                        .put("message", "injected " + type));
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body)
            throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String md5(String body) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("MD5")
                                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Benchmark sink: {@code FakeSqsServer PORT [THREADS]} accepts everything, keeps no bodies, and
     * prints the accepted count and rate every second until killed.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9399;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        FakeSqsServer server = new FakeSqsServer(port, (b, n) -> Fate.ACCEPT, false, threads);
        System.out.println("fake SQS at " + server.endpoint() + " queue " + server.queueUrl());
        long last = 0;
        while (true) {
            Thread.sleep(1000);
            long now = server.acceptedCount();
            if (now != last) {
                System.out.println(
                        "accepted="
                                + now
                                + " (+"
                                + (now - last)
                                + "/s) requests="
                                + server.requests.sum());
                last = now;
            }
        }
    }
}
