package dev.imageingest.fetch.http;

import dev.imageingest.fetch.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A raw-socket HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose, one behaviour per path.
 * Every response closes the connection. Records each request (path, Host header, arrival time).
 *
 * <pre>
 * /ok.jpg /ok.png        a real image          /pixels.png      PNG header claiming 50000x50000
 * /stall                 never answers         /slow-headers    header bytes trickle forever
 * /slowloris             body trickles         /endless         body without end, no length
 * /huge-length           Content-Length 10 GB  /gzip-bomb       64 MB of zeros, gzip-encoded
 * /html /svg /empty      200 non-images        /truncated.jpg   half a JPEG, honest length
 * /reset                 RST mid-body          /status/N        status N (/status/404-big: 1 MB body)
 * /loop                  302 to itself         /redirect?to=U   302 to U
 * /429?key=K&amp;after=S     429 + Retry-After S once per key, then ok.jpg
 * /always-429?after=S    429 forever          /503?key=K&amp;n=N  N times 503 per key, then ok.jpg
 * /blob?len=N            N bytes (not an image) with Content-Length
 * /hold?ms=M             waits M ms, then ok.jpg; tracks concurrency
 * /threshold?key=K&max=N&ms=M  429 while more than N requests of key K are in flight, else an image after M ms
 * /chunked?len=N         a JPEG padded to about N bytes, chunked (no Content-Length), 16 KB chunks
 * /u/ANY                 ok.jpg under any name  /redirect-utf8?to=U 302 to U, Location in raw UTF-8
 * /bad/many-headers      2,000 headers, then ok.jpg        /bad/negative-length  Content-Length: -1
 * /bad/two-lengths       two different Content-Lengths     /bad/length-list      "N, 7"
 * /bad/status-line       "HTTP/1.1 two hundred OK"         /bad/not-http         an SSH banner
 * /bad/binary-status     binary garbage for a status line
 * </pre>
 */
public final class HostileServer implements AutoCloseable {
    public static final byte[] JPEG = TestImages.jpeg(32, 24);
    public static final byte[] PNG = TestImages.encode("png", 16, 16);
    private static final Map<Integer, byte[]> BLOBS = new ConcurrentHashMap<>();
    private static final byte[] GZIP_BOMB = gzipZeros(64 * 1024 * 1024);

    /** One request as received. */
    public record Seen(String path, String host, String userAgent, long nanos) {}

    private final ServerSocket server;
    private final ExecutorService threads =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "hostile-server");
                        t.setDaemon(true);
                        return t;
                    });
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
    private final AtomicInteger holding = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightByKey = new ConcurrentHashMap<>();
    private final Map<String, Integer> peakByKey = new ConcurrentHashMap<>();
    private final AtomicInteger maxHolding = new AtomicInteger();
    private volatile boolean closed;

    public HostileServer() throws IOException {
        server = new ServerSocket(0, 1024, InetAddress.getByName("127.0.0.1"));
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Requests whose path (without query) equals {@code path}. */
    public List<Seen> seen(String path) {
        return seen.stream().filter(s -> s.path().split("\\?")[0].equals(path)).toList();
    }

    /** Most concurrent {@code /threshold} requests seen for {@code key}. */
    public int peakConcurrency(String key) {
        return peakByKey.getOrDefault(key, 0);
    }

    public int maxConcurrentHolds() {
        return maxHolding.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            Map<String, String> headers = new HashMap<>();
            String requestLine = readHead(socket.getInputStream(), headers);
            if (requestLine == null) {
                return;
            }
            String target = requestLine.split(" ")[1];
            seen.add(
                    new Seen(
                            target,
                            headers.getOrDefault("host", ""),
                            headers.getOrDefault("user-agent", ""),
                            System.nanoTime()));
            String path = target.split("\\?")[0];
            Map<String, String> q = query(target);
            OutputStream out = socket.getOutputStream();
            switch (path) {
                case "/ok.jpg" -> respond(out, 200, "image/jpeg", JPEG);
                case "/ok.png" -> respond(out, 200, "image/png", PNG);
                case "/pixels.png" ->
                        respond(out, 200, "image/png", TestImages.pngHeader(50_000, 50_000));
                case "/stall" -> Thread.sleep(30_000);
                case "/slow-headers" -> {
                    out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 600; i++) {
                        out.write(i % 2 == 0 ? 'X' : '-');
                        out.flush();
                        Thread.sleep(50);
                    }
                }
                case "/slowloris" -> {
                    head(out, 200, "image/jpeg", 100_000, "");
                    for (int i = 0; i < 600; i++) {
                        out.write(0);
                        out.flush();
                        Thread.sleep(50);
                    }
                }
                case "/endless" -> {
                    head(out, 200, "image/jpeg", -1, "");
                    byte[] chunk = new byte[16 * 1024];
                    chunk[0] = (byte) 0xFF;
                    while (!closed) {
                        out.write(chunk);
                    }
                }
                case "/huge-length" -> {
                    head(out, 200, "image/jpeg", 10_000_000_000L, "");
                    out.write(JPEG);
                    out.flush();
                    Thread.sleep(5_000);
                }
                case "/gzip-bomb" -> {
                    head(out, 200, "image/jpeg", GZIP_BOMB.length, "Content-Encoding: gzip\r\n");
                    out.write(GZIP_BOMB);
                }
                case "/html" ->
                        respond(
                                out,
                                200,
                                "text/html",
                                "<!doctype html><html><body>Image not found</body></html>"
                                        .getBytes(StandardCharsets.UTF_8));
                case "/svg" ->
                        respond(
                                out,
                                200,
                                "image/svg+xml",
                                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"
                                        .getBytes(StandardCharsets.UTF_8));
                case "/empty" -> respond(out, 200, "image/jpeg", new byte[0]);
                case "/truncated.jpg" ->
                        respond(out, 200, "image/jpeg", Arrays.copyOf(JPEG, JPEG.length / 2));
                case "/reset" -> {
                    head(out, 200, "image/jpeg", JPEG.length, "");
                    out.write(JPEG, 0, JPEG.length / 2);
                    out.flush();
                    Thread.sleep(20);
                    socket.setSoLinger(true, 0); // close with RST
                }
                case "/loop" -> redirect(out, "/loop");
                case "/redirect" -> redirect(out, q.get("to"));
                case "/429" -> {
                    if (count(q.get("key")) == 1) {
                        respondWith(out, 429, "Retry-After: " + q.get("after") + "\r\n");
                    } else {
                        respond(out, 200, "image/jpeg", JPEG);
                    }
                }
                case "/always-429" ->
                        respondWith(out, 429, "Retry-After: " + q.get("after") + "\r\n");
                case "/503" -> {
                    if (count(q.get("key")) <= Integer.parseInt(q.get("n"))) {
                        respondWith(out, 503, "");
                    } else {
                        respond(out, 200, "image/jpeg", JPEG);
                    }
                }
                case "/blob" -> {
                    byte[] blob =
                            BLOBS.computeIfAbsent(
                                    Integer.parseInt(q.get("len")),
                                    n -> {
                                        byte[] b = new byte[n];
                                        Arrays.fill(b, (byte) 'x');
                                        return b;
                                    });
                    respond(out, 200, "application/octet-stream", blob);
                }
                case "/chunked" -> {
                    head(out, 200, "image/jpeg", -1, "Transfer-Encoding: chunked\r\n");
                    byte[] body = paddedJpeg(Integer.parseInt(q.get("len")));
                    for (int at = 0; at < body.length; at += 16 * 1024) {
                        int n = Math.min(16 * 1024, body.length - at);
                        out.write(
                                (Integer.toHexString(n) + "\r\n")
                                        .getBytes(StandardCharsets.US_ASCII));
                        out.write(body, at, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                case "/hold" -> {
                    int now = holding.incrementAndGet();
                    maxHolding.accumulateAndGet(now, Math::max);
                    try {
                        Thread.sleep(Long.parseLong(q.get("ms")));
                    } finally {
                        holding.decrementAndGet();
                    }
                    respond(out, 200, "image/jpeg", JPEG);
                }
                case "/threshold" -> {
                    // a host that answers 429 past max concurrent requests (per key)
                    AtomicInteger now =
                            inFlightByKey.computeIfAbsent(q.get("key"), k -> new AtomicInteger());
                    int n = now.incrementAndGet();
                    peakByKey.merge(q.get("key"), n, Math::max);
                    try {
                        if (n > Integer.parseInt(q.get("max"))) {
                            respondWith(out, 429, "");
                        } else {
                            Thread.sleep(Long.parseLong(q.get("ms")));
                            respond(out, 200, "image/jpeg", JPEG);
                        }
                    } finally {
                        now.decrementAndGet();
                    }
                }
                case "/redirect-utf8" -> // the Location's bytes raw UTF-8, as some servers send it
                        respondWith(
                                out,
                                302,
                                new String(
                                        ("Location: " + q.get("to") + "\r\n")
                                                .getBytes(StandardCharsets.UTF_8),
                                        StandardCharsets.ISO_8859_1));
                case "/bad/many-headers" -> {
                    StringBuilder h = new StringBuilder();
                    for (int i = 0; i < 2000; i++) {
                        h.append("X-H").append(i).append(": v\r\n");
                    }
                    head(out, 200, "image/jpeg", JPEG.length, h.toString());
                    out.write(JPEG);
                }
                case "/bad/negative-length" -> raw(out, "Content-Length: -1\r\n", JPEG);
                case "/bad/two-lengths" ->
                        raw(
                                out,
                                "Content-Length: " + JPEG.length + "\r\nContent-Length: 7\r\n",
                                JPEG);
                case "/bad/length-list" ->
                        raw(out, "Content-Length: " + JPEG.length + ", 7\r\n", JPEG);
                case "/bad/status-line" ->
                        out.write(
                                "HTTP/1.1 two hundred OK\r\nContent-Length: 0\r\n\r\n"
                                        .getBytes(StandardCharsets.ISO_8859_1));
                case "/bad/not-http" ->
                        out.write(
                                "SSH-2.0-OpenSSH_9.6\r\n\r\n"
                                        .getBytes(StandardCharsets.ISO_8859_1));
                case "/bad/binary-status" -> {
                    out.write(new byte[] {(byte) 0xFF, 0x00, 0x13, '\r', '\n', '\r', '\n'});
                }
                default -> {
                    if (path.startsWith("/u/")) {
                        respond(out, 200, "image/jpeg", JPEG);
                    } else if (path.startsWith("/status/404-big")) {
                        respond(out, 404, "text/html", new byte[1024 * 1024]);
                    } else if (path.startsWith("/status/")) {
                        respondWith(out, Integer.parseInt(path.substring(8)), "");
                    } else {
                        respondWith(out, 404, "");
                    }
                }
            }
            out.flush();
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client went away: expected for most behaviours
        }
    }

    private int count(String key) {
        return perKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private static void redirect(OutputStream out, String location) throws IOException {
        respondWith(out, 302, "Location: " + location + "\r\n");
    }

    /** 200 with the given length headers (written verbatim) and body. */
    private static void raw(OutputStream out, String lengthHeaders, byte[] body)
            throws IOException {
        out.write(
                ("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n"
                                + lengthHeaders
                                + "Connection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
    }

    private static void respondWith(OutputStream out, int status, String extraHeaders)
            throws IOException {
        byte[] body = ("status " + status).getBytes(StandardCharsets.US_ASCII);
        head(out, status, "text/plain", body.length, extraHeaders);
        out.write(body);
    }

    private static void respond(OutputStream out, int status, String type, byte[] body)
            throws IOException {
        head(out, status, type, body.length, "");
        out.write(body);
    }

    private static void head(OutputStream out, int status, String type, long length, String extra)
            throws IOException {
        String head =
                "HTTP/1.1 "
                        + status
                        + " X\r\nContent-Type: "
                        + type
                        + "\r\n"
                        + (length >= 0 ? "Content-Length: " + length + "\r\n" : "")
                        + extra
                        + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String readHead(InputStream in, Map<String, String> headers) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            buf.write(c);
            state =
                    (c == '\r' && (state == 0 || state == 2))
                                    || (c == '\n' && (state == 1 || state == 3))
                            ? state + 1
                            : 0;
        }
        // byte for byte (one char per byte): tests assert the exact bytes of the request line
        String[] lines = buf.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return lines[0];
    }

    private static Map<String, String> query(String target) {
        Map<String, String> q = new HashMap<>();
        int i = target.indexOf('?');
        if (i >= 0) {
            for (String kv : target.substring(i + 1).split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    q.put(
                            kv.substring(0, eq),
                            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    /** {@link #JPEG} with comment segments after its SOI marker, about {@code n} bytes long. */
    static byte[] paddedJpeg(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 64 * 1024);
        out.write(JPEG, 0, 2); // SOI
        byte[] filler = new byte[60_000];
        Arrays.fill(filler, (byte) 'p');
        while (out.size() + JPEG.length < n) {
            int len = Math.min(filler.length, Math.max(2, n - JPEG.length - out.size()));
            out.write(0xFF);
            out.write(0xFE); // COM
            out.write((len + 2) >> 8);
            out.write((len + 2) & 0xFF);
            out.write(filler, 0, len);
        }
        out.write(JPEG, 2, JPEG.length - 2);
        return out.toByteArray();
    }

    private static byte[] gzipZeros(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < n / zeros.length; i++) {
                gz.write(zeros);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        threads.shutdownNow();
    }
}
