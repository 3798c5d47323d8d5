package dev.imageingest.fetch.tls;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;

/**
 * A small HTTPS/1.1 server on 127.0.0.1 for TLS tests (a thread per connection, keep-alive). It
 * records every SNI host name a client offered (also for handshakes that then fail), counts
 * accepted connections and completed handshakes, and serves {@code /image} (a PNG) and {@code
 * /redirect?to=URL}. With {@code silent} it accepts TCP and never answers (a handshake that never
 * finishes). {@link #main} runs one in its own JVM, e.g. with TLS 1.0/1.1 enabled there.
 */
public final class TlsTestServer implements AutoCloseable {
    private final ServerSocket server;
    private final byte[] image;
    private final List<String> sniNames = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private TlsTestServer(ServerSocket server, byte[] image) {
        this.server = server;
        this.image = image;
    }

    /**
     * Starts accepting. Only once the server socket is fully configured: an SSLServerSocket copies
     * its settings into the next socket when accept() is entered, not when a client arrives.
     */
    private TlsTestServer startAccepting() {
        Thread t = new Thread(this::acceptLoop, "tls-test-server-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
        return this;
    }

    /** HTTPS with the given identity and protocols (null: the JVM's defaults). */
    public static TlsTestServer https(SSLContext context, String[] protocols, byte[] image)
            throws IOException {
        SSLServerSocket s =
                (SSLServerSocket)
                        context.getServerSocketFactory()
                                .createServerSocket(0, 100, InetAddress.getLoopbackAddress());
        if (protocols != null) {
            s.setEnabledProtocols(protocols);
        }
        TlsTestServer server = new TlsTestServer(s, image);
        SSLParameters params = s.getSSLParameters();
        params.setSNIMatchers(List.of(server.recordingMatcher()));
        s.setSSLParameters(params);
        return server.startAccepting();
    }

    /** Plain http with the same routes (for redirects between http and https). */
    public static TlsTestServer plain(byte[] image) throws IOException {
        return new TlsTestServer(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()), image)
                .startAccepting();
    }

    /** Accepts TCP connections and never says a word. */
    public static TlsTestServer silent() throws IOException {
        return new TlsTestServer(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()), null)
                .startAccepting();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** SNI host names offered by clients, in order. */
    public List<String> sniNames() {
        return List.copyOf(sniNames);
    }

    public int accepted() {
        return accepted.get();
    }

    public int handshakes() {
        return handshakes.get();
    }

    public int requests() {
        return requests.get();
    }

    private SNIMatcher recordingMatcher() {
        return new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
            @Override
            public boolean matches(SNIServerName name) {
                sniNames.add(((SNIHostName) name).getAsciiName());
                return true;
            }
        };
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            open.add(s);
            if (image == null) {
                continue; // silent: hold the connection, never answer
            }
            Thread t = new Thread(() -> serve(s), "tls-test-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            if (s instanceof SSLSocket) {
                SSLSocket ssl = (SSLSocket) s;
                ssl.addHandshakeCompletedListener(e -> handshakes.incrementAndGet());
                ssl.startHandshake();
            }
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                String line;
                do {
                    line = readLine(in);
                } while (line != null && !line.isEmpty());
                requests.incrementAndGet();
                String target = requestLine.split(" ")[1];
                if (target.startsWith("/redirect?to=")) {
                    String to =
                            URLDecoder.decode(
                                    target.substring("/redirect?to=".length()),
                                    StandardCharsets.UTF_8);
                    respond(out, "302 Found", "Location: " + to + "\r\n", new byte[0]);
                } else if (target.startsWith("/image")) {
                    respond(out, "200 OK", "Content-Type: image/png\r\n", image);
                } else {
                    respond(out, "404 Not Found", "", new byte[0]);
                }
            }
        } catch (IOException e) {
            // handshake refused by the client, or the client went away
        }
    }

    private static void respond(OutputStream out, String status, String headers, byte[] body)
            throws IOException {
        String head =
                "HTTP/1.1 "
                        + status
                        + "\r\n"
                        + headers
                        + "Content-Length: "
                        + body.length
                        + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }

    /** Proves the server really speaks the given protocols: a trust-all client handshake. */
    private static String selfTest(int port, String protocols) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(
                    null,
                    new javax.net.ssl.TrustManager[] {
                        new javax.net.ssl.X509TrustManager() {
                            @Override
                            public void checkClientTrusted(
                                    java.security.cert.X509Certificate[] c, String a) {}

                            @Override
                            public void checkServerTrusted(
                                    java.security.cert.X509Certificate[] c, String a) {}

                            @Override
                            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                                return new java.security.cert.X509Certificate[0];
                            }
                        }
                    },
                    null);
            try (SSLSocket c =
                    (SSLSocket)
                            ctx.getSocketFactory()
                                    .createSocket(InetAddress.getLoopbackAddress(), port)) {
                c.setEnabledProtocols(protocols.split(","));
                c.startHandshake();
                return c.getSession().getProtocol();
            }
        } catch (Exception e) {
            return "failed:" + e;
        }
    }

    /**
     * Runs a server in this JVM: {@code <pkcs12 key store> <password> <protocols,...|plain> <png
     * file>}. Prints {@code PORT <n>} once listening and stops when standard input closes.
     */
    public static void main(String[] args) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Paths.get(args[0]))) {
            ks.load(in, args[1].toCharArray());
        }
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, args[1].toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        byte[] png = Files.readAllBytes(Paths.get(args[3]));
        boolean plain = args[2].equals("plain");
        try (TlsTestServer s = plain ? plain(png) : https(ctx, args[2].split(","), png)) {
            System.out.println(
                    "PORT "
                            + s.port()
                            + " SELFTEST "
                            + (plain ? "plain" : selfTest(s.port(), args[2])));
            System.out.flush();
            BufferedReader stdin =
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (stdin.readLine() != null) {
                // wait for the parent to close our stdin
            }
            System.out.println("ACCEPTED " + s.accepted() + " HANDSHAKES " + s.handshakes());
            System.out.flush();
        }
    }
}
