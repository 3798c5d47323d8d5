package dev.imageingest.fetch.guard;

import dev.imageingest.model.FetchStatus;
import java.io.Serializable;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which addresses the downloader may connect to. Denied: the IPv4 ranges {@link #DENIED_IPV4}, the
 * IPv6 ranges {@link #DENIED_IPV6}, and IPv6 forms that embed an IPv4 address (IPv4-mapped {@code
 * ::ffff:0:0/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}, IPv4-compatible {@code
 * ::/96}) whenever the embedded IPv4 address is denied. The allow-list (CIDRs or host names, from
 * {@code fetch.allow-list}) exempts targets for tests and the local stack; there is no switch that
 * turns the guard off.
 */
public final class AddressPolicy implements Serializable {
    public static final List<Cidr> DENIED_IPV4 =
            cidrs(
                    "0.0.0.0/8",
                    "10.0.0.0/8",
                    "100.64.0.0/10",
                    "127.0.0.0/8",
                    "169.254.0.0/16",
                    "172.16.0.0/12",
                    "192.0.0.0/24",
                    "192.168.0.0/16",
                    "198.18.0.0/15",
                    "224.0.0.0/4",
                    "240.0.0.0/4");

    public static final List<Cidr> DENIED_IPV6 =
            cidrs("::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8");

    /**
     * Link-local and cloud metadata ranges (EC2/ECS/Managed Flink credentials at 169.254.169.254,
     * 169.254.170.2, fd00:ec2::254): denied even for allow-listed host names; only an explicit CIDR
     * allow-list entry opens them.
     */
    public static final List<Cidr> NEVER_VIA_ALLOWED_NAME =
            cidrs("169.254.0.0/16", "fe80::/10", "fd00:ec2::/32");

    private final List<Cidr> allowedRanges;
    private final Set<String> allowedHosts;

    private AddressPolicy(List<Cidr> allowedRanges, Set<String> allowedHosts) {
        this.allowedRanges = List.copyOf(allowedRanges);
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    /** The default policy: nothing exempt. */
    public static AddressPolicy strict() {
        return new AddressPolicy(List.of(), Set.of());
    }

    /**
     * A policy exempting the given entries: CIDRs / address literals ({@code 127.0.0.1/32}, {@code
     * ::1}) or host names ({@code images.local}, matched case-insensitively against the URL host).
     */
    public static AddressPolicy allowing(List<String> allowList) {
        List<Cidr> ranges = new ArrayList<>();
        Set<String> hosts = new TreeSet<>();
        for (String entry : allowList) {
            if (Cidr.looksLikeCidr(entry)) {
                ranges.add(Cidr.parse(entry));
            } else {
                hosts.add(normaliseHost(entry));
            }
        }
        return new AddressPolicy(ranges, hosts);
    }

    /** True when {@code host} (a name as written in the URL) is on the allow-list. */
    public boolean hostAllowed(String host) {
        return allowedHosts.contains(normaliseHost(host));
    }

    /**
     * Checks every address {@code host} resolved to; any denied address blocks the host (a name
     * that also points inside our network is not trusted for its other addresses either).
     */
    public void check(String host, List<InetAddress> addresses) throws TargetBlocked {
        boolean allowedName = hostAllowed(host);
        for (InetAddress a : addresses) {
            // an allow-listed NAME is trusted for private ranges, never for link-local / cloud
            // metadata (whoever controls its DNS could otherwise point it at our credentials)
            Optional<String> reason =
                    allowedName ? firstMatch(NEVER_VIA_ALLOWED_NAME, a) : deniedBecause(a);
            if (reason.isPresent()) {
                throw new TargetBlocked(
                        FetchStatus.BLOCKED_ADDRESS,
                        host + " -> " + a.getHostAddress() + " is in denied range " + reason.get());
            }
        }
    }

    /** The denied range containing {@code address}, empty when it may be contacted. */
    public Optional<String> deniedBecause(InetAddress address) {
        for (Cidr allowed : allowedRanges) {
            if (allowed.contains(address)) {
                return Optional.empty();
            }
        }
        if (address instanceof Inet4Address) {
            return firstMatch(DENIED_IPV4, address);
        }
        Optional<String> v6 = firstMatch(DENIED_IPV6, address);
        if (v6.isPresent()) {
            return v6;
        }
        return embeddedIpv4(address.getAddress())
                .flatMap(
                        v4 ->
                                deniedBecause(v4)
                                        .map(
                                                r ->
                                                        r
                                                                + " (embedded in "
                                                                + address.getHostAddress()
                                                                + ")"));
    }

    /** The IPv4 address embedded in an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 address. */
    static Optional<InetAddress> embeddedIpv4(byte[] a) {
        if (a.length != 16) {
            return Optional.empty();
        }
        boolean first10Zero = allZero(a, 0, 10);
        if (first10Zero && (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF) {
            return v4(a, 12); // ::ffff:0:0/96
        }
        if (first10Zero && a[10] == 0 && a[11] == 0) {
            return v4(a, 12); // ::/96 (IPv4-compatible, deprecated)
        }
        if (a[0] == 0
                && a[1] == 0x64
                && (a[2] & 0xFF) == 0xFF
                && (a[3] & 0xFF) == 0x9B
                && allZero(a, 4, 12)) {
            return v4(a, 12); // 64:ff9b::/96 (NAT64)
        }
        if (a[0] == 0x20 && a[1] == 0x02) {
            return v4(a, 2); // 2002::/16 (6to4)
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> v4(byte[] a, int offset) {
        try {
            return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(a, offset, offset + 4)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> firstMatch(List<Cidr> ranges, InetAddress address) {
        for (Cidr c : ranges) {
            if (c.contains(address)) {
                return Optional.of(c.toString());
            }
        }
        return Optional.empty();
    }

    private static String normaliseHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static List<Cidr> cidrs(String... ranges) {
        return Arrays.stream(ranges).map(Cidr::parse).collect(Collectors.toUnmodifiableList());
    }
}
