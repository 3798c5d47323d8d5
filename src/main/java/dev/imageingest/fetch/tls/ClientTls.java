package dev.imageingest.fetch.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.security.KeyStore;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for image downloads. The socket goes to an address the SSRF guard checked, but the handshake
 * is about the URL's <b>host name</b>: it is sent as SNI (so CDNs pick the right certificate) and
 * the server's certificate must name it (endpoint identification {@code HTTPS}, RFC 2818 / 6125).
 * An IP-literal URL is verified against the IP (its certificate must list it as an IP SAN) and
 * sends no SNI, as browsers do. TLS 1.2 and 1.3 only; trust from {@link TlsSettings}. Nothing here
 * can disable verification.
 */
public final class ClientTls {
    /** Protocols offered; TLS 1.0 and 1.1 servers are refused. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SslContext context;

    public ClientTls(TlsSettings settings) {
        try {
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            KeyStore ks = settings.load();
            tmf.init(ks); // null: the JVM's default trust store
            this.context =
                    SslContextBuilder.forClient()
                            .sslProvider(SslProvider.JDK)
                            .trustManager(tmf)
                            .protocols(PROTOCOLS)
                            .build();
        } catch (SSLException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS (" + settings + "): " + e, e);
        }
    }

    /**
     * A handler for one new connection to {@code host} (the URL's host, normalised by the guard: a
     * lower-case name, a dotted IPv4 or an IPv6 literal without brackets).
     *
     * @param handshakeTimeoutMillis bound on the handshake (a server that accepts TCP and then says
     *     nothing)
     */
    public SslHandler newHandler(
            ByteBufAllocator alloc, String host, int port, long handshakeTimeoutMillis) {
        SSLEngine engine = context.newEngine(alloc, host, port);
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {
            params.setServerNames(Collections.singletonList(new SNIHostName(host)));
        }
        params.setProtocols(PROTOCOLS);
        engine.setSSLParameters(params);
        SslHandler handler = new SslHandler(engine);
        handler.setHandshakeTimeout(handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
        return handler;
    }

    /** IPv6 literals contain ':'; dotted IPv4 literals are all digits and dots. */
    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !host.isEmpty();
    }
}
