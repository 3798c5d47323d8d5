package dev.imageingest.fetch.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A bounded cache in front of a {@link DnsResolver}: a host's addresses are reused for {@code ttl},
 * a name that does not resolve is remembered for {@link #NEGATIVE_TTL} at most, and at most {@code
 * maxHosts} names are kept (least recently used go first). The downloader looks a host up for each
 * new connection only, but a job spread over many partner hosts, or reconnecting after servers
 * close idle connections, would otherwise send a query pair (A and AAAA) per connection to the VPC
 * resolver, which answers at most 1,024 packets per second per network interface.
 *
 * <p>It caches lookups, not decisions: {@link GuardedAddressResolver} checks every address it
 * returns against the SSRF policy on every use, and connects only to those addresses.
 */
public final class CachingDnsResolver implements DnsResolver {
    private static final long serialVersionUID = 1L;

    /** Failed lookups are retried after this at most (a dead partner domain may come back). */
    public static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);

    public static final int DEFAULT_MAX_HOSTS = 10_000;

    private final DnsResolver delegate;
    private final long ttlNanos;
    private final long negativeTtlNanos;
    private final int maxHosts;
    private final transient LongSupplier clock;
    private final transient Map<String, Cached> entries;
    private transient long lookups;

    public CachingDnsResolver(DnsResolver delegate, Duration ttl, int maxHosts) {
        this(delegate, ttl, maxHosts, System::nanoTime);
    }

    /** With a given nanosecond clock (tests). */
    CachingDnsResolver(DnsResolver delegate, Duration ttl, int maxHosts, LongSupplier clock) {
        this.delegate = delegate;
        this.ttlNanos = ttl.toNanos();
        this.negativeTtlNanos = Math.min(ttlNanos, NEGATIVE_TTL.toNanos());
        this.maxHosts = maxHosts;
        this.clock = clock;
        this.entries =
                new LinkedHashMap<String, Cached>(64, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                        return size() > CachingDnsResolver.this.maxHosts;
                    }
                };
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        Cached e = fresh(host);
        if (e == null) {
            long now = clock.getAsLong();
            try {
                e = new Cached(delegate.resolve(host), null, now + ttlNanos);
            } catch (UnknownHostException failed) {
                e = new Cached(null, failed.getMessage(), now + negativeTtlNanos);
            }
            synchronized (entries) {
                lookups++;
                entries.put(host, e);
            }
        }
        if (e.addresses == null) {
            throw new UnknownHostException(e.failure);
        }
        return e.addresses;
    }

    /** The cached addresses of {@code host} if fresh, else null (no lookup is made). */
    @Override
    public List<InetAddress> cached(String host) {
        Cached e = fresh(host);
        return e == null ? null : e.addresses;
    }

    private Cached fresh(String host) {
        synchronized (entries) {
            Cached e = entries.get(host);
            if (e != null && clock.getAsLong() - e.expires >= 0) {
                entries.remove(host);
                return null;
            }
            return e;
        }
    }

    /** Lookups that went to the resolver behind the cache. */
    public long lookups() {
        synchronized (entries) {
            return lookups;
        }
    }

    /** Names cached now. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static final class Cached {
        final List<InetAddress> addresses;
        final String failure;
        final long expires;

        Cached(List<InetAddress> addresses, String failure, long expires) {
            this.addresses = addresses;
            this.failure = failure;
            this.expires = expires;
        }
    }
}
