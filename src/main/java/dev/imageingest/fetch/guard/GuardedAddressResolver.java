package dev.imageingest.fetch.guard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The dynamic half of the SSRF guard, plugged into Jetty as its {@link SocketAddressResolver}:
 * Jetty asks it for the addresses of every new connection and connects only to what it returns. It
 * resolves the host with the {@link DnsResolver} on a dedicated executor (lookups block), checks
 * <b>every</b> address against the {@link AddressPolicy} and returns exactly the checked addresses,
 * so there is no second lookup between check and connect (DNS rebinding cannot slip in). A host
 * with any denied address fails with {@link TargetBlocked}.
 */
public final class GuardedAddressResolver implements SocketAddressResolver {
    private final DnsResolver dns;
    private final AddressPolicy policy;
    private final Executor dnsExecutor;

    public GuardedAddressResolver(DnsResolver dns, AddressPolicy policy, Executor dnsExecutor) {
        this.dns = dns;
        this.policy = policy;
        this.dnsExecutor = dnsExecutor;
    }

    @Override
    public void resolve(String host, int port, Promise<List<InetSocketAddress>> promise) {
        try {
            dnsExecutor.execute(() -> resolveNow(host, port, promise));
        } catch (RejectedExecutionException e) {
            promise.failed(e);
        }
    }

    private void resolveNow(String host, int port, Promise<List<InetSocketAddress>> promise) {
        List<InetSocketAddress> checked;
        try {
            checked = addresses(host).stream().map(a -> new InetSocketAddress(a, port)).toList();
        } catch (Throwable t) {
            promise.failed(t);
            return;
        }
        promise.succeeded(checked);
    }

    /** The checked addresses of {@code host}; literals are parsed, never looked up. */
    public List<InetAddress> addresses(String host) throws TargetBlocked, UnknownHostException {
        String h =
                host.startsWith("[") && host.endsWith("]")
                        ? host.substring(1, host.length() - 1)
                        : host;
        List<InetAddress> addresses = literal(h).map(List::of).orElse(null);
        if (addresses == null) {
            addresses = dns.resolve(h);
            if (addresses == null || addresses.isEmpty()) {
                throw new UnknownHostException(h + ": no addresses");
            }
        }
        policy.check(h, addresses);
        return addresses;
    }

    private static Optional<InetAddress> literal(String h) throws TargetBlocked {
        if (h.contains(":")) {
            return Optional.of(UrlGuard.ipv6Literal(h));
        }
        try {
            return Ipv4Literal.parse(h).map(a -> a);
        } catch (IllegalArgumentException e) {
            throw new TargetBlocked(dev.imageingest.model.FetchStatus.INVALID_URL, e.getMessage());
        }
    }
}
