package dev.imageingest.fetch.guard;

import java.util.Objects;

/**
 * A URL that passed the static checks of {@link UrlGuard}: scheme http/https, no userinfo, an
 * allowed port, a normalised host (lower case; numeric IPv4 spellings rewritten to dotted quad;
 * IPv6 literals without brackets).
 */
public final class Target {
    private final String scheme;
    private final String host;
    private final int port;

    /** raw path (at least "/") and query, as sent on the request line */
    private final String pathAndQuery;

    public Target(String scheme, String host, int port, String pathAndQuery) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.pathAndQuery = pathAndQuery;
    }

    public String scheme() {
        return scheme;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String pathAndQuery() {
        return pathAndQuery;
    }

    /** The canonical URL (default ports omitted), used to resolve redirects and in messages. */
    public String url() {
        return scheme + "://" + authority() + pathAndQuery;
    }

    /** Host (IPv6 in brackets) and the port unless it is the scheme's default: the Host header. */
    public String authority() {
        boolean defaultPort =
                (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String h = host.contains(":") ? "[" + host + "]" : host;
        return defaultPort ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return url();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Target)) {
            return false;
        }
        Target that = (Target) o;
        return Objects.equals(scheme, that.scheme)
                && Objects.equals(host, that.host)
                && port == that.port
                && Objects.equals(pathAndQuery, that.pathAndQuery);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, host, port, pathAndQuery);
    }
}
