package dev.imageingest.fetch.guard;

import dev.imageingest.model.FetchStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The dynamic half of the SSRF guard: the downloader asks it for the addresses of every new
 * connection and connects only to what it returns. It resolves the host with the {@link
 * DnsResolver} on a dedicated executor (lookups block), checks <b>every</b> address against the
 * {@link AddressPolicy} and returns exactly the checked addresses, so there is no second lookup
 * between check and connect (DNS rebinding cannot slip in). A host with any denied address fails
 * with {@link TargetBlocked}.
 */
public final class GuardedAddressResolver {
    private final DnsResolver dns;
    private final AddressPolicy policy;
    private final Executor dnsExecutor;

    public GuardedAddressResolver(DnsResolver dns, AddressPolicy policy, Executor dnsExecutor) {
        this.dns = dns;
        this.policy = policy;
        this.dnsExecutor = dnsExecutor;
    }

    /** The checked addresses of {@code host}, resolved on the DNS executor. */
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        CompletableFuture<List<InetAddress>> out = new CompletableFuture<>();
        if (dns.cached(bare(host)) != null) {
            // a fresh cached lookup: checked here, without a hop to the DNS executor
            try {
                out.complete(addresses(host));
            } catch (Throwable t) {
                out.completeExceptionally(t);
            }
            return out;
        }
        try {
            dnsExecutor.execute(
                    () -> {
                        try {
                            out.complete(addresses(host));
                        } catch (Throwable t) {
                            out.completeExceptionally(t);
                        }
                    });
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(e);
        }
        return out;
    }

    /** The checked addresses of {@code host}; literals are parsed, never looked up. */
    public List<InetAddress> addresses(String host) throws TargetBlocked, UnknownHostException {
        String h = bare(host);
        List<InetAddress> addresses = literal(h).map(Collections::singletonList).orElse(null);
        if (addresses == null) {
            addresses = dns.resolve(h);
            if (addresses == null || addresses.isEmpty()) {
                throw new UnknownHostException(h + ": no addresses");
            }
        }
        policy.check(h, addresses);
        return addresses;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
    }

    private static Optional<InetAddress> literal(String h) throws TargetBlocked {
        if (h.contains(":")) {
            return Optional.of(UrlGuard.ipv6Literal(h));
        }
        try {
            return Ipv4Literal.parse(h).map(a -> a);
        } catch (IllegalArgumentException e) {
            throw new TargetBlocked(FetchStatus.INVALID_URL, e.getMessage());
        }
    }
}
