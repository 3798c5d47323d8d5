package dev.imageingest.fetch.guard;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 address range ({@code 10.0.0.0/8}, {@code fc00::/7}, or a single address). */
public final class Cidr implements Serializable {
    private final byte[] network;
    private final int prefixLength;

    public Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    public byte[] network() {
        return network;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** Parses {@code address/prefix} or a bare address literal (never a host name: no DNS). */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(addr);
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** True when {@code text} has the shape of a CIDR or address literal rather than a name. */
    public static boolean looksLikeCidr(String text) {
        String t = text.trim();
        return t.contains(":") || t.contains("/") || t.matches("[0-9.]+");
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        return a.length == network.length && Arrays.equals(mask(a, prefixLength), network);
    }

    private static byte[] literal(String addr) {
        boolean literal =
                addr.matches("[0-9a-fA-F:.]+") && (addr.contains(":") || addr.contains("."));
        if (!literal) {
            throw new IllegalArgumentException("not an address literal: " + addr);
        }
        try {
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + addr, e);
        }
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bits)));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Cidr)) {
            return false;
        }
        Cidr c = (Cidr) o;
        return prefixLength == c.prefixLength && Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            return Arrays.toString(network) + "/" + prefixLength;
        }
    }
}
