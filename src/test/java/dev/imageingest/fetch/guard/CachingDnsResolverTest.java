package dev.imageingest.fetch.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.model.FetchStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounded DNS cache: TTL, negative entries, the bound, and the SSRF check on every use. */
class CachingDnsResolverTest {
    private final Map<String, List<InetAddress>> zone = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private final DnsResolver server =
            host -> {
                queries.incrementAndGet();
                List<InetAddress> a = zone.get(host);
                if (a == null) {
                    throw new UnknownHostException(host + ": no such name");
                }
                return a;
            };

    private static InetAddress ip(String s) throws UnknownHostException {
        return InetAddress.getByName(s); // literals only: no lookup
    }

    private CachingDnsResolver cache(Duration ttl, int max) {
        return new CachingDnsResolver(server, ttl, max, now::get);
    }

    @Test
    void reusesAnswersForTheTtlThenAsksAgain() throws Exception {
        zone.put("cdn.example", List.of(ip("203.0.113.7")));
        CachingDnsResolver c = cache(Duration.ofSeconds(60), 100);
        for (int i = 0; i < 1000; i++) {
            assertThat(c.resolve("cdn.example")).containsExactly(ip("203.0.113.7"));
        }
        assertThat(queries.get()).isEqualTo(1);
        assertThat(c.cached("cdn.example")).containsExactly(ip("203.0.113.7"));

        zone.put("cdn.example", List.of(ip("203.0.113.8")));
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(c.resolve("cdn.example")).containsExactly(ip("203.0.113.7"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(c.cached("cdn.example")).isNull();
        assertThat(c.resolve("cdn.example")).containsExactly(ip("203.0.113.8"));
        assertThat(queries.get()).isEqualTo(2);
        assertThat(c.lookups()).isEqualTo(2);
    }

    @Test
    void failedLookupsAreRememberedBriefly() throws Exception {
        CachingDnsResolver c = cache(Duration.ofSeconds(60), 100);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> c.resolve("gone.example"))
                    .isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("gone.example");
        }
        assertThat(queries.get()).isEqualTo(1);
        zone.put("gone.example", List.of(ip("198.51.100.1")));
        now.addAndGet(CachingDnsResolver.NEGATIVE_TTL.toNanos());
        assertThat(c.resolve("gone.example")).containsExactly(ip("198.51.100.1"));
        assertThat(queries.get()).isEqualTo(2);
    }

    @Test
    void keepsAtMostMaxHostsDroppingTheLeastRecentlyUsed() throws Exception {
        CachingDnsResolver c = cache(Duration.ofSeconds(60), 3);
        for (int i = 0; i < 4; i++) {
            zone.put("h" + i, List.of(ip("203.0.113." + (i + 1))));
        }
        c.resolve("h0");
        c.resolve("h1");
        c.resolve("h2");
        c.resolve("h0"); // h1 is now the eldest
        c.resolve("h3");
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.cached("h1")).isNull();
        assertThat(c.cached("h0")).isNotNull();
        assertThat(queries.get()).isEqualTo(4);
    }

    @Test
    void theGuardStillChecksCachedAddressesOnEveryUse() throws Exception {
        zone.put("partner.example", List.of(ip("203.0.113.9")));
        zone.put("rebind.example", List.of(ip("169.254.169.254")));
        CachingDnsResolver c = cache(Duration.ofSeconds(60), 100);
        GuardedAddressResolver guard =
                new GuardedAddressResolver(
                        c, AddressPolicy.allowing(List.of()), Executors.newSingleThreadExecutor());
        assertThat(guard.resolve("partner.example").get()).containsExactly(ip("203.0.113.9"));
        assertThat(guard.resolve("partner.example").get()).containsExactly(ip("203.0.113.9"));
        assertThat(queries.get()).isEqualTo(1);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> guard.resolve("rebind.example").get())
                    .hasCauseInstanceOf(TargetBlocked.class)
                    .satisfies(
                            e ->
                                    assertThat(((TargetBlocked) e.getCause()).status())
                                            .isNotEqualTo(FetchStatus.OK));
        }
        assertThat(queries.get()).isEqualTo(2);
    }
}
