package dev.imageingest.fetch.guard;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses IPv4 host literals the way browsers, curl and {@code inet_aton} do, so every spelling of
 * an address is checked as that address: 1 to 4 dot-separated parts, each decimal, octal (leading
 * {@code 0}) or hex ({@code 0x}); the last part fills the remaining bytes ({@code 127.1} =
 * 127.0.0.1, {@code 2852039166} = 169.254.169.254, {@code 0251.0376.0251.0376} and {@code
 * 0xA9FEA9FE} likewise). One trailing dot is allowed. {@code java.net.URI} and {@code InetAddress}
 * disagree with this (URI yields no host, InetAddress reads {@code 0251} as decimal and sends hex
 * to DNS), so the guard never relies on them for numeric hosts.
 */
public final class Ipv4Literal {
    private Ipv4Literal() {}

    /**
     * The address a numeric host denotes; empty when {@code host} is a domain name (its last label
     * is not a number). Throws {@link IllegalArgumentException} for a numeric host that is not a
     * valid address (e.g. {@code 256.1.1.1}, {@code 09.1.1.1}): such hosts must not reach DNS.
     */
    public static Optional<Inet4Address> parse(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = h.split("\\.", -1);
        if (!looksNumeric(parts[parts.length - 1])) {
            return Optional.empty();
        }
        if (parts.length > 4) {
            throw new IllegalArgumentException("more than 4 parts in numeric host: " + host);
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = number(parts[i], host);
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                throw new IllegalArgumentException("part above 255 in numeric host: " + host);
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            throw new IllegalArgumentException("last part too large in numeric host: " + host);
        }
        address |= last;
        byte[] bytes = {
            (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
        };
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 bytes
        }
    }

    private static boolean looksNumeric(String part) {
        if (part.isEmpty()) {
            return false;
        }
        if (part.startsWith("0x")) {
            return part.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return part.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long number(String part, String host) {
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return 0; // "0x" alone, as browsers read it
        }
        if (digits.length() > 12) {
            throw new IllegalArgumentException("part too long in numeric host: " + host);
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + part + "' in host: " + host);
        }
    }
}
