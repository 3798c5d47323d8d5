package dev.imageingest.retry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.imageingest.localstack.SampleImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An image host on loopback that fails on purpose: {@code /flaky/<n>/<id>.png} answers 503 to its
 * first {@code n} requests and then serves a real PNG; {@code /down/<id>.png} always answers 503.
 * Counts requests per path.
 */
final class FlakyImageHost implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    FlakyImageHost() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        int n = requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String[] parts = path.split("/");
        boolean fail;
        if (path.startsWith("/flaky/")) {
            fail = n <= Integer.parseInt(parts[2]);
        } else {
            fail = path.startsWith("/down/");
        }
        if (fail) {
            ex.sendResponseHeaders(503, -1);
        } else {
            String id = parts[parts.length - 1].replace(".png", "");
            byte[] png = SampleImages.encode(id, "png");
            ex.getResponseHeaders().set("Content-Type", "image/png");
            ex.sendResponseHeaders(200, png.length);
            ex.getResponseBody().write(png);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
