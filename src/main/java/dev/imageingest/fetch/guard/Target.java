package dev.imageingest.fetch.guard;

/**
 * A URL that passed the static checks of {@link UrlGuard}: scheme http/https, no userinfo, an
 * allowed port, a normalised host (lower case; numeric IPv4 spellings rewritten to dotted quad;
 * IPv6 literals without brackets).
 *
 * @param pathAndQuery raw path (at least "/") and query, as sent on the request line
 */
public record Target(String scheme, String host, int port, String pathAndQuery) {

    /** The canonical URL (default ports omitted), used to resolve redirects and in messages. */
    public String url() {
        boolean defaultPort =
                (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + h + (defaultPort ? "" : ":" + port) + pathAndQuery;
    }

    @Override
    public String toString() {
        return url();
    }
}
