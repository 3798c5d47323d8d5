package dev.imageingest.fetch.guard;

import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a URL as partners write it into the ASCII form a browser puts on the wire, before the
 * {@link UrlGuard} parses and checks it. Partners' file names are often Japanese ({@code
 * https://例え.テスト/u/画像.png?name=間取り}); sent raw, Netty writes each character as one ISO-8859-1 byte
 * ({@code GET /u/??.png}) and the server answers 404. Browsers instead send:
 *
 * <ul>
 *   <li>the host in IDNA form ({@link IDN#toASCII}, punycode): {@code xn--r8jz45g.xn--zckzah}, so
 *       the guard, DNS, the {@code Host} header and TLS all see the same ASCII name;
 *   <li>path and query as percent-encoded UTF-8: every character outside RFC 3986's unreserved,
 *       sub-delims, {@code : @ / ?} set (non-ASCII, space, {@code " < > \ ^ ` { | }}, controls)
 *       becomes {@code %XX} per UTF-8 byte; valid {@code %XX} escapes stay as they are (never
 *       double-encoded), a {@code %} not followed by two hex digits becomes {@code %25};
 *   <li>leading and trailing spaces and controls removed, tabs and line breaks dropped, {@code \}
 *       read as {@code /} before the query (http and https), the {@code #fragment} not sent.
 * </ul>
 *
 * <p>Applied to absolute URLs and to relative redirect {@code Location}s alike. Anything it does
 * not understand is left for the guard to refuse with a named status.
 */
public final class WebUrls {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private WebUrls() {}

    /** The wire form of an absolute URL or a relative reference. */
    public static String toAscii(String url) {
        String s = strip(url);
        StringBuilder out = new StringBuilder(s.length() + 16);
        int i = 0;
        String scheme = null;
        Matcher m = SCHEME.matcher(s);
        if (m.lookingAt()) {
            scheme = m.group().toLowerCase(Locale.ROOT);
            out.append(scheme);
            i = m.end();
        }
        boolean web = scheme == null || scheme.equals("http:") || scheme.equals("https:");
        if (web) {
            s = slashes(s, i);
        }
        if (s.startsWith("//", i)) {
            int end = indexOfAny(s, "/?#", i + 2);
            out.append("//").append(authority(s.substring(i + 2, end)));
            i = end;
        }
        int hash = s.indexOf('#', i);
        int stop = hash < 0 ? s.length() : hash;
        int q = s.indexOf('?', i);
        if (q < 0 || q > stop) {
            encode(s, i, stop, out);
        } else {
            encode(s, i, q, out);
            out.append('?');
            encode(s, q + 1, stop, out);
        }
        return out.toString();
    }

    /**
     * A response header value as Netty hands it over (each byte one ISO-8859-1 character) read
     * again as UTF-8 when its bytes are valid UTF-8: servers send raw UTF-8 {@code Location}s, as
     * browsers accept them. Anything else is returned unchanged.
     */
    public static String headerAsUtf8(String value) {
        if (value == null) {
            return null;
        }
        boolean high = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return value; // not a byte string: already decoded
            }
            high |= c >= 0x80;
        }
        if (!high) {
            return value;
        }
        try {
            CharBuffer decoded =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)));
            return decoded.toString();
        } catch (CharacterCodingException e) {
            return value;
        }
    }

    /** Leading/trailing C0 controls and spaces removed, tabs and line breaks dropped. */
    private static String strip(String url) {
        int start = 0;
        int end = url.length();
        while (start < end && url.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && url.charAt(end - 1) <= ' ') {
            end--;
        }
        StringBuilder out = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = url.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code \} read as {@code /} up to the query or fragment, as browsers do for http(s). */
    private static String slashes(String s, int from) {
        int end = indexOfAny(s, "?#", from);
        if (s.indexOf('\\', from) < 0 || s.indexOf('\\', from) >= end) {
            return s;
        }
        return s.substring(0, from) + s.substring(from, end).replace('\\', '/') + s.substring(end);
    }

    /** Userinfo and port as written (the guard judges them); a non-ASCII host in IDNA form. */
    private static String authority(String authority) {
        int at = authority.lastIndexOf('@');
        String userinfo = at < 0 ? "" : authority.substring(0, at + 1);
        String hostPort = authority.substring(at + 1);
        if (hostPort.startsWith("[")) {
            return authority; // IPv6 literal: ASCII or refused by the guard
        }
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        String port = colon < 0 ? "" : hostPort.substring(colon);
        if (host.chars().allMatch(c -> c < 0x80)) {
            return authority;
        }
        try {
            return userinfo + IDN.toASCII(host, IDN.ALLOW_UNASSIGNED) + port;
        } catch (IllegalArgumentException e) {
            return authority; // the guard refuses it as a bad host name
        }
    }

    private static void encode(String s, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' && isHex(s, i + 1, to) && isHex(s, i + 2, to)) {
                out.append(c);
            } else if (c < 0x80 && allowed(c)) {
                out.append(c);
            } else {
                int cp = s.codePointAt(i);
                int len = Character.charCount(cp);
                if (len == 2 && i + 1 >= to) {
                    len = 1;
                }
                for (byte b : s.substring(i, i + len).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
                i += len - 1;
            }
        }
    }

    private static boolean isHex(String s, int i, int to) {
        if (i >= to) {
            return false;
        }
        char c = s.charAt(i);
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** RFC 3986 unreserved, sub-delims, ':', '@', '/' and '?' (path and query characters). */
    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
