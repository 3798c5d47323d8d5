package dev.imageingest.localstack;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;

/** JDK HTTP servers for the local stack: loopback, free port, TCP_NODELAY. */
final class LocalHttpServers {
    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus
        // delayed ACKs add ~40 ms to every response. Read once, when the first server is built.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private LocalHttpServers() {}

    /** An unstarted server on 127.0.0.1 and a free port. */
    static HttpServer create(int backlog) throws IOException {
        return HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    }

    /** An unstarted https server on 127.0.0.1 and a free port presenting {@code context}'s key. */
    static HttpsServer createHttps(int backlog, SSLContext context) throws IOException {
        HttpsServer server =
                HttpsServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return server;
    }
}
