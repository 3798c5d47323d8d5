package dev.imageingest.fetch.guard;

import dev.imageingest.model.FetchStatus;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The static half of the SSRF guard, applied to the first URL and to every redirect target: only
 * {@code http}/{@code https}, no userinfo, a port from {@code fetch.allowed-ports}, a host that is
 * a valid name or literal. Address literals (any IPv4 spelling, IPv6 in brackets) are checked
 * against the {@link AddressPolicy} right here; names are checked after resolution by {@link
 * GuardedAddressResolver}, on every address, before any connect.
 */
public final class UrlGuard {
    private final Set<Integer> allowedPorts;
    private final AddressPolicy policy;

    public UrlGuard(Set<Integer> allowedPorts, AddressPolicy policy) {
        this.allowedPorts = Set.copyOf(allowedPorts);
        this.policy = policy;
    }

    /**
     * Checks an absolute URL, as written or already in wire form: it is first put in the ASCII form
     * browsers send ({@link WebUrls#toAscii}: IDNA host, percent-encoded UTF-8 path and query), so
     * every check below, DNS and the request line see that form. Throws {@link TargetBlocked} with
     * the status to report.
     */
    public Target check(String url) throws TargetBlocked {
        URI uri;
        try {
            uri = new URI(WebUrls.toAscii(url));
        } catch (URISyntaxException e) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, "unparseable URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TargetBlocked(
                    FetchStatus.BLOCKED_SCHEME, "scheme not allowed: '" + scheme + "'");
        }
        String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null || authority.isEmpty()) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, "no host in URL");
        }
        if (authority.contains("@")) {
            throw new TargetBlocked(FetchStatus.BLOCKED_SCHEME, "userinfo not allowed in URL");
        }
        String hostPart;
        String portPart;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new TargetBlocked(FetchStatus.INVALID_URL, "unterminated IPv6 literal");
            }
            hostPart = authority.substring(0, close + 1);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new TargetBlocked(FetchStatus.INVALID_URL, "junk after IPv6 literal");
            }
            portPart = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            hostPart = colon < 0 ? authority : authority.substring(0, colon);
            portPart = colon < 0 ? "" : authority.substring(colon + 1);
        }
        int port = port(scheme, portPart);
        if (!allowedPorts.contains(port)) {
            throw new TargetBlocked(FetchStatus.BLOCKED_SCHEME, "port not allowed: " + port);
        }
        String host = host(hostPart);
        String path =
                uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new Target(scheme, host, port, path + query);
    }

    /** Resolves a redirect {@code Location} against the URL that returned it, then checks it. */
    public Target redirect(Target from, String location) throws TargetBlocked {
        String next;
        try {
            next = new URI(from.url()).resolve(new URI(WebUrls.toAscii(location))).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, "bad redirect Location: " + location);
        }
        return check(next);
    }

    private static int port(String scheme, String portPart) throws TargetBlocked {
        if (portPart.isEmpty()) {
            return scheme.equals("https") ? 443 : 80;
        }
        if (!portPart.matches("[0-9]{1,5}")) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, "bad port: '" + portPart + "'");
        }
        int port = Integer.parseInt(portPart);
        if (port < 1 || port > 65535) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, "bad port: " + port);
        }
        return port;
    }

    /** Normalises the host and checks address literals against the policy. */
    private String host(String raw) throws TargetBlocked {
        if (raw.isEmpty()) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, "empty host");
        }
        if (raw.contains("%")) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, "percent-encoding or zone id in host");
        }
        if (raw.startsWith("[")) {
            String literal = raw.substring(1, raw.length() - 1);
            InetAddress address = ipv6Literal(literal);
            checkLiteral(raw, address);
            return address.getHostAddress();
        }
        String name = raw.toLowerCase(Locale.ROOT);
        Optional<java.net.Inet4Address> v4;
        try {
            v4 = Ipv4Literal.parse(name);
        } catch (IllegalArgumentException e) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, e.getMessage());
        }
        if (v4.isPresent()) {
            checkLiteral(raw, v4.get());
            return v4.get().getHostAddress();
        }
        try {
            name = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, "bad host name: " + raw);
        }
        if (!name.matches("[a-z0-9_.-]+") || name.startsWith(".") || name.contains("..")) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, "bad host name: " + raw);
        }
        return name;
    }

    private void checkLiteral(String raw, InetAddress address) throws TargetBlocked {
        policy.check(raw, List.of(address));
    }

    /** Parses an IPv6 literal without any DNS lookup (only hex digits, ':' and '.' accepted). */
    static InetAddress ipv6Literal(String literal) throws TargetBlocked {
        if (!literal.matches("[0-9a-fA-F:.]+") || !literal.contains(":")) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, "bad IPv6 literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, "bad IPv6 literal: " + literal);
        }
    }
}
