package dev.imageingest.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.fetch.ImageValidator;
import dev.imageingest.fetch.TestFetchSettings;
import dev.imageingest.fetch.guard.StaticDns;
import dev.imageingest.model.FetchStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The downloader against {@link HostileServer}. The server listens on 127.0.0.1, reachable only as
 * {@code hostile.test} (allow-listed by name, mapped by the test DNS); 127.0.0.1 itself, other
 * names resolving to it, and 169.254.169.254 stay blocked.
 */
class HostileServerTest {
    static HostileServer server;
    static int closedPort;
    static String base;

    StaticDns dns;
    final List<InetSocketAddress> connects = new java.util.concurrent.CopyOnWriteArrayList<>();
    NettyImageDownloader downloader;

    @BeforeAll
    static void startServer() throws IOException {
        server = new HostileServer();
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        base = "http://hostile.test:" + server.port();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @AfterEach
    void closeDownloader() throws Exception {
        if (downloader != null) {
            downloader.close();
        }
    }

    NettyImageDownloader start(TestFetchSettings s) throws Exception {
        s.allowedPorts.add(server.port());
        s.allowedPorts.add(closedPort);
        if (s.allowList.isEmpty()) {
            s.allowList = List.of("hostile.test", "refused.test");
        }
        dns =
                new StaticDns()
                        .map("hostile.test", "127.0.0.1")
                        .map("refused.test", "127.0.0.1")
                        .map("evil.test", "127.0.0.1")
                        .map("metadata.test", "169.254.169.254")
                        .map("rebind.test", "93.184.216.34", "10.1.2.3");
        connects.clear();
        downloader = new NettyImageDownloader(s.build(), s.tls, dns, connects::add);
        return downloader;
    }

    /** Download, then validate like the fetch operator does: the status a record would carry. */
    static CompletableFuture<DownloadResult> fetch(NettyImageDownloader d, String url) {
        return d.download(url);
    }

    static FetchStatus finalStatus(DownloadResult r, long maxPixels) {
        try {
            return r.ok() ? ImageValidator.validate(r.body(), maxPixels).status() : r.status();
        } finally {
            r.release();
        }
    }

    static String url(String pathAndQuery) {
        return base + pathAndQuery.replace("PORT", String.valueOf(server.port()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/ok.jpg | OK | 1",
                "/stall | TIMEOUT | -1",
                "/slow-headers | TIMEOUT | -1",
                "/slowloris | TIMEOUT | -1",
                "/endless | TOO_LARGE | 1",
                "/huge-length | TOO_LARGE | 1",
                "/gzip-bomb | TOO_LARGE | 1",
                "/html | NOT_AN_IMAGE | 1",
                "/svg | NOT_AN_IMAGE | 1",
                "/empty | EMPTY_BODY | 1",
                "/truncated.jpg | NOT_AN_IMAGE | 1",
                "/pixels.png | TOO_MANY_PIXELS | 1",
                "/reset | CONNECTION_RESET | 3",
                "/loop | TOO_MANY_REDIRECTS | 1",
                "/redirect?to=http://127.0.0.1:PORT/ok.jpg | BLOCKED_ADDRESS | 1",
                "/redirect?to=http://169.254.169.254/latest/meta-data/iam/ | BLOCKED_ADDRESS | 1",
                "/redirect?to=http://metadata.test/latest/ | BLOCKED_ADDRESS | 1",
                "/redirect?to=http://evil.test:PORT/ok.jpg | BLOCKED_ADDRESS | 1",
                "/redirect?to=http://2852039166/ | BLOCKED_ADDRESS | 1",
                "/redirect?to=http://0xA9FEA9FE/ | BLOCKED_ADDRESS | 1",
                "/redirect?to=http://[::ffff:169.254.169.254]/ | BLOCKED_ADDRESS | 1",
                "/redirect?to=file:///etc/passwd | BLOCKED_SCHEME | 1",
                "/redirect?to=http://hostile.test:22/ | BLOCKED_SCHEME | 1",
                "/redirect?to=/ok.jpg | OK | 1",
                "/status/404 | HTTP_404 | 1",
                "/status/404-big | HTTP_404 | 1",
                "/status/410 | HTTP_410 | 1",
                "/status/403 | HTTP_4XX | 1",
                "/status/500 | HTTP_5XX | 3",
                "/status/408 | TIMEOUT | 3",
                "/503?key=burst&n=2 | OK | 3",
                "/503?key=long&n=99 | HTTP_5XX | 3",
                "/always-429?after=0 | HTTP_429 | 3"
            })
    void eachMisbehaviourYieldsItsStatus(String path, FetchStatus expected, int attempts)
            throws Exception {
        start(new TestFetchSettings());
        DownloadResult r = fetch(downloader, url(path)).get(10, TimeUnit.SECONDS);
        assertThat(r.attempts()).isGreaterThanOrEqualTo(1);
        if (attempts > 0) {
            assertThat(r.attempts()).as("attempts").isEqualTo(attempts);
        }
        assertThat(finalStatus(r, 10_000_000)).as(r.error()).isEqualTo(expected);
        assertThat(downloader.budget().used()).as("budget returned").isZero();
        assertNoForbiddenConnects();
    }

    @Test
    void hostsOutsideTheAllowListAreBlockedOnTheirResolvedAddressBeforeAnyConnect()
            throws Exception {
        start(new TestFetchSettings());
        int seenBefore = server.seen().size();
        Map<String, FetchStatus> cases = new LinkedHashMap<>();
        cases.put("http://evil.test:" + server.port() + "/ok.jpg", FetchStatus.BLOCKED_ADDRESS);
        cases.put("http://metadata.test/latest/meta-data/", FetchStatus.BLOCKED_ADDRESS);
        cases.put("http://rebind.test/a.jpg", FetchStatus.BLOCKED_ADDRESS);
        cases.put("http://127.0.0.1:" + server.port() + "/ok.jpg", FetchStatus.BLOCKED_ADDRESS);
        cases.put("http://127.1:" + server.port() + "/ok.jpg", FetchStatus.BLOCKED_ADDRESS);
        cases.put("http://169.254.169.254/latest/meta-data/", FetchStatus.BLOCKED_ADDRESS);
        cases.put("http://169.254.170.2/v2/credentials/x", FetchStatus.BLOCKED_ADDRESS);
        cases.put(
                "http://user:pw@hostile.test:" + server.port() + "/ok.jpg",
                FetchStatus.BLOCKED_SCHEME);
        cases.put("ftp://hostile.test/ok.jpg", FetchStatus.BLOCKED_SCHEME);
        cases.put("http://nope.test/a.jpg", FetchStatus.DNS_FAILURE);
        cases.put("http://refused.test:" + closedPort + "/a.jpg", FetchStatus.CONNECT_FAILURE);
        for (Map.Entry<String, FetchStatus> c : cases.entrySet()) {
            DownloadResult r = fetch(downloader, c.getKey()).get(10, TimeUnit.SECONDS);
            assertThat(r.status()).as(c.getKey() + ": " + r.error()).isEqualTo(c.getValue());
        }
        assertNoForbiddenConnects();
        assertThat(connects)
                .extracting(InetSocketAddress::getPort)
                .containsOnly(closedPort); // the only connects: the refused port
        assertThat(server.seen()).hasSize(seenBefore); // no request reached the server
        assertThat(dns.lookups()).contains("evil.test", "metadata.test", "rebind.test");
    }

    @Test
    void keepsWorkingAfterEveryMisbehaviourAtOnce() throws Exception {
        start(new TestFetchSettings());
        List<CompletableFuture<DownloadResult>> all = new ArrayList<>();
        for (String p :
                List.of(
                        "/stall",
                        "/slow-headers",
                        "/slowloris",
                        "/endless",
                        "/huge-length",
                        "/gzip-bomb",
                        "/html",
                        "/reset",
                        "/loop",
                        "/redirect?to=http://169.254.169.254/",
                        "/status/500",
                        "/503?key=all&n=1",
                        "/always-429?after=0",
                        "/truncated.jpg")) {
            all.add(fetch(downloader, url(p)));
        }
        for (CompletableFuture<DownloadResult> f : all) {
            f.get(10, TimeUnit.SECONDS).release();
        }
        DownloadResult after = fetch(downloader, url("/ok.jpg")).get(10, TimeUnit.SECONDS);
        assertThat(finalStatus(after, 0)).as(after.error()).isEqualTo(FetchStatus.OK);
        assertThat(downloader.budget().used()).isZero();
        assertThat(downloader.hosts().inUse("hostile.test")).isZero();
        assertNoForbiddenConnects();
    }

    @Test
    void gzipBombIsAbortedAtTheLimitOfDecodedBytes() throws Exception {
        TestFetchSettings s = new TestFetchSettings();
        start(s);
        DownloadResult r = fetch(downloader, url("/gzip-bomb?decoded")).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(FetchStatus.TOO_LARGE);
        assertThat(r.error()).contains("body exceeds " + s.maxBytes + " bytes");
        DownloadResult huge =
                fetch(downloader, url("/huge-length?early")).get(10, TimeUnit.SECONDS);
        assertThat(huge.error()).contains("Content-Length 10000000000 exceeds");
    }

    @Test
    void sendsTheConfiguredUserAgent() throws Exception {
        start(new TestFetchSettings());
        fetch(downloader, url("/ok.jpg?ua")).get(10, TimeUnit.SECONDS).release();
        assertThat(server.seen("/ok.jpg"))
                .anySatisfy(s -> assertThat(s.userAgent()).isEqualTo("image-ingest-test/1.0"));
    }

    @Test
    void limitsConcurrentRequestsPerHost() throws Exception {
        TestFetchSettings s = new TestFetchSettings();
        s.perHostConcurrency = 2;
        s.perHostMaxConcurrency = 2; // a fixed limit
        s.totalTimeout = Duration.ofSeconds(8);
        start(s);
        List<CompletableFuture<DownloadResult>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(fetch(downloader, url("/hold?ms=150&i=" + i)));
        }
        for (CompletableFuture<DownloadResult> f : all) {
            DownloadResult r = f.get(10, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.OK);
            r.release();
        }
        assertThat(server.maxConcurrentHolds()).isBetween(1, 2);
    }

    @Test
    void spacesRequestsToAHostByTheConfiguredRate() throws Exception {
        TestFetchSettings s = new TestFetchSettings();
        s.perHostRate = 10;
        s.totalTimeout = Duration.ofSeconds(5);
        start(s);
        long start = System.nanoTime();
        List<CompletableFuture<DownloadResult>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(fetch(downloader, url("/ok.png?rate=" + i)));
        }
        for (CompletableFuture<DownloadResult> f : all) {
            f.get(10, TimeUnit.SECONDS).release();
        }
        List<Long> arrivals =
                server.seen("/ok.png").stream()
                        .filter(x -> x.path().contains("rate="))
                        .map(HostileServer.Seen::nanos)
                        .sorted()
                        .toList();
        assertThat(arrivals).hasSize(4);
        // 10 per second: the 4th request cannot reach the server before 3 intervals have passed
        assertThat(TimeUnit.NANOSECONDS.toMillis(arrivals.get(3) - start))
                .isGreaterThanOrEqualTo(300);
    }

    @Test
    void retryAfterIsHonouredAndPausesTheHost() throws Exception {
        TestFetchSettings s = new TestFetchSettings();
        s.retryMaxDelay = Duration.ofSeconds(3);
        s.totalTimeout = Duration.ofSeconds(6);
        start(s);
        DownloadResult r =
                fetch(downloader, url("/429?key=honour&after=1")).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.OK);
        assertThat(r.attempts()).isEqualTo(2);
        r.release();
        List<Long> hits =
                server.seen("/429").stream()
                        .filter(x -> x.path().contains("key=honour"))
                        .map(HostileServer.Seen::nanos)
                        .toList();
        assertThat(TimeUnit.NANOSECONDS.toMillis(hits.get(1) - hits.get(0)))
                .isGreaterThanOrEqualTo(950);

        // a 429 pauses the whole host: the next image for it waits too
        s.maxAttempts = 1;
        downloader.close();
        start(s);
        DownloadResult throttled =
                fetch(downloader, url("/always-429?after=1&pause")).get(10, TimeUnit.SECONDS);
        assertThat(throttled.status()).isEqualTo(FetchStatus.HTTP_429);
        DownloadResult next =
                fetch(downloader, url("/ok.jpg?after-pause")).get(10, TimeUnit.SECONDS);
        assertThat(next.status()).isEqualTo(FetchStatus.OK);
        next.release();
        long t429 =
                server.seen("/always-429").stream()
                        .filter(x -> x.path().contains("pause"))
                        .findFirst()
                        .orElseThrow()
                        .nanos();
        long tNext =
                server.seen("/ok.jpg").stream()
                        .filter(x -> x.path().contains("after-pause"))
                        .findFirst()
                        .orElseThrow()
                        .nanos();
        assertThat(TimeUnit.NANOSECONDS.toMillis(tNext - t429)).isGreaterThanOrEqualTo(950);
    }

    @Test
    void retryAfterIsCappedAndNeverWaitedForBeyondTheDeadline() throws Exception {
        TestFetchSettings s = new TestFetchSettings();
        s.retryMaxDelay = Duration.ofMillis(300);
        start(s);
        DownloadResult capped =
                fetch(downloader, url("/429?key=cap&after=3600")).get(10, TimeUnit.SECONDS);
        assertThat(capped.status()).as(capped.error()).isEqualTo(FetchStatus.OK);
        capped.release();

        TestFetchSettings t = new TestFetchSettings();
        t.retryMaxDelay = Duration.ofSeconds(30);
        downloader.close();
        start(t);
        DownloadResult gaveUp =
                fetch(downloader, url("/always-429?after=3600&x")).get(10, TimeUnit.SECONDS);
        assertThat(gaveUp.status()).isEqualTo(FetchStatus.HTTP_429);
        assertThat(gaveUp.attempts()).isEqualTo(1);
        assertThat(gaveUp.error()).contains("no time left");
    }

    @Test
    void heapStaysWithinTheByteBudgetWithHundredsOfRequestsInFlight() throws Exception {
        TestFetchSettings s = new TestFetchSettings();
        s.maxBytes = 1024 * 1024;
        s.inFlightBytes = 6 * 1024 * 1024;
        s.perHostConcurrency = 400;
        s.connectTimeout = Duration.ofSeconds(10); // 300 connects at once on a busy machine
        s.idleTimeout = Duration.ofSeconds(20);
        s.totalTimeout = Duration.ofSeconds(40);
        start(s);
        long baseline = usedHeapAfterGc();
        List<CompletableFuture<String>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String path =
                    switch (i % 3) {
                        case 0 -> "/endless?i=" + i;
                        case 1 -> "/blob?len=700000&i=" + i;
                        default -> "/ok.jpg?i=" + i;
                    };
            // hold every OK body a little, as an S3 put would, before releasing it
            all.add(
                    fetch(downloader, url(path))
                            .thenApply(
                                    r -> {
                                        String st = r.status() + (r.ok() ? "" : ": " + r.error());
                                        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)
                                                .execute(r::release);
                                        return st;
                                    }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (downloader.budget().waiting() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(downloader.budget().waiting()).as("budget saturated").isPositive();
        long saturated = usedHeapAfterGc();
        for (int i = 0; i < all.size(); i++) {
            String st = all.get(i).get(60, TimeUnit.SECONDS);
            assertThat(st)
                    .as("request " + i)
                    .startsWith((i % 3 == 0 ? FetchStatus.TOO_LARGE : FetchStatus.OK).name());
        }
        Thread.sleep(100);
        assertThat(downloader.budget().highWater())
                .isLessThanOrEqualTo(s.inFlightBytes)
                .isGreaterThanOrEqualTo(s.maxBytes);
        assertThat(downloader.budget().used()).isZero();
        // coarse: live heap while saturated is the budget plus overhead (connection buffers etc.),
        // far below the 300 x 1 MB the bodies would take without the budget
        System.err.printf(
                "heap: baseline=%d MB, saturated=%d MB (+%d MB), high water=%d bytes%n",
                baseline >> 20,
                saturated >> 20,
                (saturated - baseline) >> 20,
                downloader.budget().highWater());
        assertThat(saturated - baseline).isLessThan(s.inFlightBytes + 48L * 1024 * 1024);
    }

    /**
     * Chunked bodies of unknown length, far more than the budget holds at once: the old design
     * reserved fetch.max-bytes for each (2 at a time here), so parked downloads hit the idle
     * timeout and ended as TIMEOUT although the server was fine. Now they reserve 256 KB, grow as
     * they arrive, and a download waiting for budget is not idle.
     */
    @Test
    void chunkedBodiesWaitingForBudgetAllEndOkWithoutIdleTimeouts() throws Exception {
        TestFetchSettings s = new TestFetchSettings();
        s.maxBytes = 2 * 1024 * 1024;
        s.inFlightBytes = 2 * s.maxBytes;
        s.perHostConcurrency = 32;
        // long enough that a CPU-starved machine does not starve a prompt server's answer past
        // it, far shorter than the budget waits, which the old design counted as silence
        s.idleTimeout = Duration.ofMillis(1000);
        s.connectTimeout = Duration.ofSeconds(5);
        s.totalTimeout = Duration.ofSeconds(25);
        start(s);
        List<CompletableFuture<String>> all = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int len = i % 2 == 0 ? 200_000 : 700_000; // 700 KB grow beyond their first 256 KB
            // hold every body 100 ms, as an S3 put would, then validate and release it
            all.add(
                    fetch(downloader, url("/chunked?len=" + len + "&i=" + i))
                            .thenComposeAsync(
                                    r -> {
                                        String st =
                                                finalStatus(r, 0)
                                                        + " attempts="
                                                        + r.attempts()
                                                        + (r.ok() ? "" : ": " + r.error());
                                        return CompletableFuture.completedFuture(st);
                                    },
                                    CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)));
        }
        int maxWaiting = 0;
        CompletableFuture<Void> done =
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!done.isDone() && System.nanoTime() < deadline) {
            maxWaiting = Math.max(maxWaiting, downloader.budget().waiting());
            Thread.sleep(2);
        }
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).get(1, TimeUnit.SECONDS))
                    .as("request " + i)
                    .isEqualTo(FetchStatus.OK + " attempts=1");
        }
        assertThat(maxWaiting).as("downloads waited for budget").isPositive();
        assertThat(server.seen("/chunked")).hasSize(32); // no retries
        assertThat(downloader.budget().highWater()).isLessThanOrEqualTo(s.inFlightBytes);
        assertThat(downloader.budget().used()).isZero();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private void assertNoForbiddenConnects() {
        assertThat(connects)
                .allSatisfy(
                        a -> {
                            assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
                            assertThat(a.getPort()).isIn(server.port(), closedPort);
                        });
        assertThat(server.seen()).allSatisfy(x -> assertThat(x.host()).startsWith("hostile.test:"));
    }
}
