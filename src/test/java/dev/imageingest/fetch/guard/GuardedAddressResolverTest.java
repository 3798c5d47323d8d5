package dev.imageingest.fetch.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.model.FetchStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuardedAddressResolverTest {
    private final ExecutorService dnsThread =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "test-dns"));
    private final StaticDns dns =
            new StaticDns()
                    .map("evil.test", "127.0.0.1")
                    .map("metadata.test", "169.254.169.254")
                    .map("rebind.test", "93.184.216.34", "10.0.0.1")
                    .map("public.test", "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")
                    .map("mapped.test", "::ffff:169.254.169.254")
                    .map("nat64.test", "64:ff9b::a9fe:a9fe")
                    .map("local.test", "127.0.0.1");
    private final GuardedAddressResolver resolver =
            new GuardedAddressResolver(
                    dns, AddressPolicy.allowing(List.of("local.test")), dnsThread);

    @AfterEach
    void stop() {
        dnsThread.shutdownNow();
    }

    @Test
    void returnsExactlyTheCheckedAddresses() throws Exception {
        List<InetAddress> addresses = resolve("public.test").get(5, TimeUnit.SECONDS);
        assertThat(addresses)
                .extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946");
    }

    @Test
    void checksTheResolvedAddressNotTheName() {
        for (String host :
                List.of("evil.test", "metadata.test", "rebind.test", "mapped.test", "nat64.test")) {
            assertThat(failure(host)).as(host).isInstanceOf(TargetBlocked.class);
            assertThat(((TargetBlocked) failure(host)).status())
                    .isEqualTo(FetchStatus.BLOCKED_ADDRESS);
        }
    }

    @Test
    void allowListedHostNameMayResolveToLoopback() throws Exception {
        assertThat(resolve("local.test").get(5, TimeUnit.SECONDS)).hasSize(1);
    }

    @Test
    void literalsAreCheckedWithoutDns() {
        assertThat(failure("2852039166")).isInstanceOf(TargetBlocked.class);
        assertThat(failure("[::1]")).isInstanceOf(TargetBlocked.class);
        assertThat(dns.lookups()).isEmpty();
    }

    @Test
    void unknownNamesFailAsDnsErrors() {
        assertThat(failure("nope.test")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void lookupRunsOnTheDnsExecutorNeverOnTheCaller() throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();
        GuardedAddressResolver r =
                new GuardedAddressResolver(
                        host -> {
                            thread.complete(Thread.currentThread().getName());
                            return dns.resolve(host);
                        },
                        AddressPolicy.strict(),
                        dnsThread);
        r.resolve("public.test").get(5, TimeUnit.SECONDS);
        assertThat(thread.get()).isEqualTo("test-dns");
    }

    @Test
    void systemResolverParsesLiteralsWithoutNetwork() throws Exception {
        assertThat(DnsResolver.system().resolve("127.0.0.1"))
                .extracting(a -> a.getHostAddress())
                .containsExactly("127.0.0.1");
    }

    private CompletableFuture<List<InetAddress>> resolve(String host) {
        return resolver.resolve(host);
    }

    private Throwable failure(String host) {
        try {
            resolve(host).get(5, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }
}
