package dev.imageingest.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.imageingest.fetch.tls.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image host on 127.0.0.1 serving http and https (each on a free port) with generated {@link
 * SampleImages} (cached after the first request) and deliberately broken resources:
 *
 * <ul>
 *   <li>{@code /img/<id>.jpg}, {@code /img/<id>.png}: 200 with a real JPEG / PNG
 *   <li>{@code /missing/<id>}: 404; {@code /gone/<id>}: 410; {@code /error/<id>}: 500
 *   <li>{@code /html/<id>}: 200 {@code text/html} page (not an image)
 *   <li>{@code /truncated/<id>.jpg|png}: 200 with the first half of the image
 * </ul>
 *
 * Anything else is 404. Ids are {@code [A-Za-z0-9_-]+}. The https side presents a certificate for
 * {@code localhost} (and 127.0.0.1, ::1) from a CA made when the host starts; {@link #trustStore()}
 * is that CA for the job's {@code fetch.tls.trust-store}, so https URLs are verified for real.
 */
public final class ImageHost implements AutoCloseable {
    private static final Pattern PATH =
            Pattern.compile(
                    "/(img|missing|gone|error|html|truncated)/([A-Za-z0-9_-]+)(\\.(jpg|png))?");

    /** Host name of https URLs: resolves to loopback everywhere and is named by the certificate. */
    public static final String TLS_HOST = "localhost";

    private final HttpServer server;
    private final HttpsServer tlsServer;
    private final Path trustStore;
    private final TestPki pki;
    private final ExecutorService workers;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile int latencyMillis;

    private ImageHost(int threads) throws IOException {
        server = LocalHttpServers.create(1024);
        workers =
                Executors.newFixedThreadPool(
                        threads,
                        r -> {
                            Thread t = new Thread(r, "image-host");
                            t.setDaemon(true);
                            return t;
                        });
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        pki = new TestPki("Image Ingest Local Stack CA");
        trustStore = Files.createTempFile("image-ingest-local-ca-", ".p12");
        trustStore.toFile().deleteOnExit();
        pki.writeTrustStore(trustStore);
        tlsServer =
                LocalHttpServers.createHttps(
                        1024,
                        pki.issue(List.of(TLS_HOST), List.of("127.0.0.1", "::1")).serverContext());
        tlsServer.createContext("/", this::handle);
        tlsServer.setExecutor(workers);
        server.start();
        tlsServer.start();
    }

    /** Starts a host with 16 worker threads. */
    public static ImageHost start() {
        try {
            return new ImageHost(16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Port of the http side (add it to {@code fetch.allowed-ports}). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Port of the https side (add it to {@code fetch.allowed-ports}). */
    public int httpsPort() {
        return tlsServer.getAddress().getPort();
    }

    /** Absolute http URL of {@code path}, e.g. {@code url("/img/7.jpg")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Absolute https URL of {@code path} on {@value #TLS_HOST}. */
    public String httpsUrl(String path) {
        return "https://" + TLS_HOST + ":" + httpsPort() + path;
    }

    /** An SSLContext trusting only this host's CA, for test clients of the https side. */
    public javax.net.ssl.SSLContext clientSslContext() {
        return pki.clientContext();
    }

    /** PKCS12 trust store (password {@link TestPki#PASSWORD}) with the CA of the https side. */
    public Path trustStore() {
        return trustStore;
    }

    /** The exact bytes served at {@code /img/<id>.<format>} ({@code jpg} or {@code png}). */
    public byte[] image(String id, String format) {
        return cache.computeIfAbsent(id + "." + format, k -> SampleImages.encode(id, format));
    }

    /**
     * Delays every later response by {@code millis} (0: none), so that a job holds images in flight
     * for that long (16 worker threads serve the delayed responses).
     */
    public void setLatencyMillis(int millis) {
        latencyMillis = millis;
    }

    /** Requests served so far. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        tlsServer.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (InputStream in = exchange.getRequestBody()) {
            int latency = latencyMillis;
            if (latency > 0) {
                Thread.sleep(latency);
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches() || !"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 404, "text/plain", bytes("not found"));
                return;
            }
            String kind = m.group(1);
            String id = m.group(2);
            String format = m.group(4);
            switch (kind) {
                case "img" -> {
                    if (format == null) {
                        send(exchange, 404, "text/plain", bytes("no such image"));
                    } else {
                        send(exchange, 200, mime(format), image(id, format));
                    }
                }
                case "truncated" -> {
                    byte[] full = image(id, format == null ? "jpg" : format);
                    send(
                            exchange,
                            200,
                            mime(format == null ? "jpg" : format),
                            Arrays.copyOf(full, full.length / 2));
                }
                case "missing" -> send(exchange, 404, "text/plain", bytes("not found"));
                case "gone" -> send(exchange, 410, "text/plain", bytes("gone"));
                case "error" -> send(exchange, 500, "text/plain", bytes("internal error"));
                case "html" ->
                        send(
                                exchange,
                                200,
                                "text/html; charset=utf-8",
                                bytes(
                                        "<!DOCTYPE html><html><head><title>Listing "
                                                + id
                                                + "</title></head><body><p>This page moved.</p>"
                                                + "</body></html>"));
                default -> send(exchange, 404, "text/plain", bytes("not found"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", bytes(e.toString()));
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static String mime(String format) {
        return format.equals("png") ? "image/png" : "image/jpeg";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
