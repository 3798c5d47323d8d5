package dev.imageingest.fetch.store.direct;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Where a PUT of one bucket goes: scheme, host, port and the URI path of an object key, either
 * virtual-hosted ({@code https://bucket.s3.<region>.amazonaws.com/key}) or path-style ({@code
 * https://s3.<region>.amazonaws.com/bucket/key}). Path-style is used when configured (emulators),
 * and for bucket names that are not one DNS label over TLS (a name with dots would not match the
 * wildcard certificate), as the SDK does.
 */
final class S3Address {
    final boolean https;
    final String host;
    final int port;

    /** URI path before the key: {@code /} or {@code /bucket/} (already encoded) */
    private final String pathPrefix;

    private S3Address(boolean https, String host, int port, String pathPrefix) {
        this.https = https;
        this.host = host;
        this.port = port;
        this.pathPrefix = pathPrefix;
    }

    /**
     * The address for {@code bucket}: the {@code endpoint} override when not blank (an emulator, a
     * VPC endpoint), else the region's public S3 endpoint.
     */
    static S3Address of(String bucket, String region, String endpoint, boolean pathStyle) {
        boolean https;
        String host;
        int port;
        String basePath;
        if (endpoint != null && !endpoint.isBlank()) {
            URI uri = URI.create(endpoint.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "s3.endpoint is not an http(s) URL: " + endpoint);
            }
            https = "https".equalsIgnoreCase(uri.getScheme());
            if (!https && !"http".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException(
                        "s3.endpoint is not an http(s) URL: " + endpoint);
            }
            host = uri.getHost();
            port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
            String p = uri.getRawPath() == null ? "" : uri.getRawPath();
            basePath = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        } else {
            https = true;
            host = "s3." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : "");
            port = 443;
            basePath = "";
        }
        boolean virtual = !pathStyle && dnsLabel(bucket) && !(https && bucket.contains("."));
        if (virtual) {
            return new S3Address(https, bucket + "." + host, port, basePath + "/");
        }
        return new S3Address(https, host, port, basePath + "/" + encodeSegment(bucket) + "/");
    }

    /** The encoded URI path of {@code key}: each segment percent-encoded, {@code /} kept. */
    String path(String key) {
        StringBuilder b = new StringBuilder(pathPrefix.length() + key.length() + 8);
        b.append(pathPrefix);
        appendEncoded(b, key, true);
        return b.toString();
    }

    /** The Host header: the port only when it is not the scheme's default. */
    String authority() {
        return (https && port == 443) || (!https && port == 80) ? host : host + ":" + port;
    }

    String scheme() {
        return https ? "https" : "http";
    }

    /** Can the bucket name be the first label of a host name (no dots checked here)? */
    private static boolean dnsLabel(String bucket) {
        if (bucket.length() < 3 || bucket.length() > 63) {
            return false;
        }
        for (int i = 0; i < bucket.length(); i++) {
            char c = bucket.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return !bucket.startsWith("-") && !bucket.endsWith("-") && !bucket.contains("..");
    }

    private static String encodeSegment(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        appendEncoded(b, s, false);
        return b.toString();
    }

    /**
     * RFC 3986 encoding as SigV4 wants it for S3 (encoded once): unreserved characters as they are,
     * every other UTF-8 byte as {@code %XX}; {@code /} kept when {@code keepSlash}.
     */
    private static void appendEncoded(StringBuilder b, String s, boolean keepSlash) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (keepSlash && c == '/')) {
                b.append(c);
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < s.length()) {
                    end++;
                }
                for (byte x : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    b.append('%').append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
                }
                i = end - 1;
            }
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    @Override
    public String toString() {
        return scheme() + "://" + authority() + pathPrefix;
    }
}
