package dev.imageingest.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy on 127.0.0.1 in front of an SQS endpoint (ElasticMQ) speaking the SDK's AWS JSON
 * 1.0 protocol ({@code X-Amz-Target: AmazonSQS.<Action>}). For the actions the job's reader and
 * sink call ({@link #FAULTY}) it can, per request and at random: answer 500 {@code InternalError}
 * or 400 {@code RequestThrottled} without forwarding; forward and then answer 500 (the call took
 * effect, its answer is lost: received messages stay invisible until their timeout, deletes are
 * done); or hold the answer for a while. It counts every message id each ReceiveMessage answer
 * carried to the client, so redeliveries are visible.
 */
final class SqsFaultProxy implements AutoCloseable {
    static final Set<String> FAULTY =
            Set.of(
                    "ReceiveMessage",
                    "DeleteMessage",
                    "DeleteMessageBatch",
                    "ChangeMessageVisibility",
                    "ChangeMessageVisibilityBatch");
    private static final Pattern MESSAGE_ID = Pattern.compile("\"MessageId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Set<String> HOP_HEADERS =
            Set.of(
                    "connection",
                    "content-length",
                    "expect",
                    "host",
                    "upgrade",
                    "transfer-encoding");

    /** What to inject: fractions of the {@link #FAULTY} calls, and the delay of held answers. */
    record Faults(double failBefore, double failAfter, double delayed, Duration delay) {
        static final Faults NONE = new Faults(0, 0, 0, Duration.ZERO);
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient client;
    private final URI target;
    private volatile Faults faults = Faults.NONE;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();

    SqsFaultProxy(String targetEndpoint) throws IOException {
        this.target = URI.create(targetEndpoint);
        this.workers =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "sqs-fault-proxy");
                            t.setDaemon(true);
                            return t;
                        });
        this.client = HttpClient.newBuilder().executor(workers).build();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void setFaults(Faults faults) {
        this.faults = faults;
    }

    /** Counter by name: {@code <Action>}, {@code <Action>.failedBefore/failedAfter/delayed}. */
    long count(String name) {
        AtomicLong c = counters.get(name);
        return c == null ? 0 : c.get();
    }

    /** Faults injected so far (all kinds, all actions). */
    long injected() {
        return counters.entrySet().stream()
                .filter(e -> e.getKey().contains(".failed") || e.getKey().endsWith(".delayed"))
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    /** Messages handed to the client more than once (by message id), counting each extra time. */
    int redeliveries() {
        return deliveries.values().stream().mapToInt(n -> n - 1).sum();
    }

    /** Distinct message ids handed to the client. */
    int distinctDelivered() {
        return deliveries.size();
    }

    private void inc(String name) {
        counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String targetHeader = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String action =
                    targetHeader == null
                            ? ""
                            : targetHeader.substring(targetHeader.indexOf('.') + 1);
            inc(action);
            Faults f = faults;
            boolean faulty = FAULTY.contains(action);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (faulty && random.nextDouble() < f.failBefore()) {
                inc(action + ".failedBefore");
                if (random.nextBoolean()) {
                    reply(exchange, 500, error("InternalError"));
                } else {
                    reply(exchange, 400, error("RequestThrottled"));
                }
                return;
            }
            HttpRequest.Builder forward =
                    HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                            .timeout(Duration.ofSeconds(60))
                            .method(
                                    exchange.getRequestMethod(),
                                    HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders()
                    .forEach(
                            (name, values) -> {
                                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                                    values.forEach(v -> forward.header(name, v));
                                }
                            });
            HttpResponse<byte[]> response =
                    client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (faulty && random.nextDouble() < f.failAfter()) {
                inc(action + ".failedAfter");
                reply(exchange, 500, error("InternalError"));
                return;
            }
            if (faulty && random.nextDouble() < f.delayed()) {
                inc(action + ".delayed");
                Thread.sleep(f.delay().toMillis());
            }
            if (action.equals("ReceiveMessage") && response.statusCode() == 200) {
                Matcher m = MESSAGE_ID.matcher(new String(response.body(), StandardCharsets.UTF_8));
                while (m.find()) {
                    deliveries.merge(m.group(1), 1, Integer::sum);
                }
            }
            response.headers()
                    .map()
                    .forEach(
                            (name, values) -> {
                                if (!HOP_HEADERS.contains(name.toLowerCase())
                                        && !name.startsWith(":")) {
                                    exchange.getResponseHeaders().put(name, values);
                                }
                            });
            reply(exchange, response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // a broken connection to either side: the client sees an error and retries
        }
    }

    private static byte[] error(String code) {
        return ("{\"__type\":\"com.amazonaws.sqs#"
                        + code
                        + "\",\"message\":\"injected by SqsFaultProxy\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
