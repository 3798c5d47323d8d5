package dev.imageingest.retry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An S3 outage in front of a real S3 server: forwards every request unchanged to {@code target},
 * except that a settable fraction of them (1.0 = S3 is down) get {@code 503 SlowDown} with S3's XML
 * error body instead, as S3 answers when it sheds load.
 */
final class FaultyS3Proxy implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED =
            Set.of(
                    "connection",
                    "content-length",
                    "date",
                    "expect",
                    "from",
                    "host",
                    "upgrade",
                    "via",
                    "warning",
                    "transfer-encoding");

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(32);
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    private volatile double failFraction;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    FaultyS3Proxy(String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Share of requests answered 503 from now on: 0 healthy, 1 down. */
    void failFraction(double fraction) {
        this.failFraction = fraction;
    }

    long forwarded() {
        return forwarded.get();
    }

    long failed() {
        return failed.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (failFraction > 0 && ThreadLocalRandom.current().nextDouble() < failFraction) {
                failed.incrementAndGet();
                byte[] err =
                        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                                        + "<Message>Please reduce your request rate.</Message></Error>")
                                .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/xml");
                ex.sendResponseHeaders(503, err.length);
                ex.getResponseBody().write(err);
                return;
            }
            HttpRequest.Builder req =
                    HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                            .method(
                                    ex.getRequestMethod(),
                                    body.length == 0
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (!NOT_FORWARDED.contains(h.getKey().toLowerCase())) {
                    h.getValue().forEach(v -> req.header(h.getKey(), v));
                }
            }
            HttpResponse<byte[]> resp =
                    client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            forwarded.incrementAndGet();
            resp.headers()
                    .map()
                    .forEach(
                            (k, v) -> {
                                if (!NOT_FORWARDED.contains(k.toLowerCase())
                                        && !k.startsWith(":")) {
                                    ex.getResponseHeaders().put(k, v);
                                }
                            });
            byte[] out = resp.body();
            boolean noBody = out.length == 0 || ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(resp.statusCode(), noBody ? -1 : out.length);
            if (!noBody) {
                ex.getResponseBody().write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendResponseHeaders(502, -1);
        } catch (IOException e) {
            ex.sendResponseHeaders(502, -1);
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
