package dev.imageingest.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.fetch.TestFetchSettings;
import dev.imageingest.fetch.guard.StaticDns;
import dev.imageingest.model.FetchStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-host concurrency finds its own level against a real server: a host that answers promptly is
 * given far more than the starting limit, one that answers 429 past 4 concurrent requests is held
 * near 4 instead of being hammered. Asserts counts, never speed.
 */
class AdaptiveHostConcurrencyTest {
    static HostileServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new HostileServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aPromptHostGetsMoreAndAThrottlingHostIsNotHammered() throws Exception {
        TestFetchSettings s = new TestFetchSettings();
        s.allow(server.port(), "fast.test", "limited.test");
        s.perHostConcurrency = 2;
        s.perHostMaxConcurrency = 64;
        s.capacity = 256;
        s.maxAttempts = 5;
        s.connectTimeout = Duration.ofSeconds(5);
        s.idleTimeout = Duration.ofSeconds(5);
        s.totalTimeout = Duration.ofSeconds(60);
        s.retryBaseDelay = Duration.ofMillis(20);
        s.retryMaxDelay = Duration.ofMillis(200);
        StaticDns dns =
                new StaticDns().map("fast.test", "127.0.0.1").map("limited.test", "127.0.0.1");
        int each = 300;
        try (NettyImageDownloader d = new NettyImageDownloader(s.build(), s.tls, dns)) {
            List<CompletableFuture<DownloadResult>> fast = new ArrayList<>();
            List<CompletableFuture<DownloadResult>> limited = new ArrayList<>();
            int fastPeakLimit = 0;
            for (int i = 0; i < each; i++) {
                fast.add(
                        d.download(
                                "http://fast.test:"
                                        + server.port()
                                        + "/threshold?key=fast&max=1000&ms=30&i="
                                        + i));
                limited.add(
                        d.download(
                                "http://limited.test:"
                                        + server.port()
                                        + "/threshold?key=limited&max=4&ms=30&i="
                                        + i));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            List<CompletableFuture<DownloadResult>> both = new ArrayList<>(fast);
            both.addAll(limited);
            CompletableFuture<Void> all =
                    CompletableFuture.allOf(both.toArray(CompletableFuture[]::new));
            while (!all.isDone() && System.nanoTime() < deadline) {
                fastPeakLimit = Math.max(fastPeakLimit, d.hosts().limit("fast.test"));
                Thread.sleep(5);
            }
            Map<FetchStatus, Long> fastStatuses = statuses(fast);
            Map<FetchStatus, Long> limitedStatuses = statuses(limited);
            long throttled =
                    server.seen("/threshold").stream()
                                    .filter(x -> x.host().startsWith("limited.test"))
                                    .count()
                            - each; // requests beyond one per image were answered 429
            System.err.printf(
                    "fast: peak limit %d, server peak %d, %s; limited: server peak %d, %s,"
                            + " 429 answers %d%n",
                    fastPeakLimit,
                    server.peakConcurrency("fast"),
                    fastStatuses,
                    server.peakConcurrency("limited"),
                    limitedStatuses,
                    throttled);
            assertThat(fastStatuses).containsOnlyKeys(FetchStatus.OK);
            // grew well past its starting limit of 2, and past what the throttling host got
            assertThat(fastPeakLimit).isGreaterThanOrEqualTo(8);
            assertThat(server.peakConcurrency("fast")).isGreaterThanOrEqualTo(8);
            assertThat(fastPeakLimit).isGreaterThan(server.peakConcurrency("limited") + 2);
            // the throttling host: most images get through, and 429s stay a small share
            assertThat(limitedStatuses.getOrDefault(FetchStatus.OK, 0L))
                    .isGreaterThan(each * 9L / 10);
            assertThat(throttled).isLessThan(each / 3);
            assertThat(d.hosts().limit("limited.test")).isLessThanOrEqualTo(8);
        }
    }

    private static Map<FetchStatus, Long> statuses(List<CompletableFuture<DownloadResult>> fs) {
        return fs.stream()
                .map(CompletableFuture::join)
                .peek(DownloadResult::release)
                .collect(Collectors.groupingBy(DownloadResult::status, Collectors.counting()));
    }
}
