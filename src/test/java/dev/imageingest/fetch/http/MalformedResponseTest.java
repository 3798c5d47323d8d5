package dev.imageingest.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.fetch.TestFetchSettings;
import dev.imageingest.fetch.guard.StaticDns;
import dev.imageingest.model.FetchStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Responses that break HTTP/1.1 end as {@code BAD_RESPONSE}, a named final status, never as {@code
 * INTERNAL_ERROR}, and never retried (the server will answer the same way again).
 */
class MalformedResponseTest {
    static HostileServer server;
    static NettyImageDownloader downloader;

    @BeforeAll
    static void start() throws Exception {
        server = new HostileServer();
        TestFetchSettings s = new TestFetchSettings();
        s.connectTimeout = Duration.ofSeconds(5);
        s.idleTimeout = Duration.ofSeconds(5);
        s.totalTimeout = Duration.ofSeconds(9);
        s.allowedPorts.add(server.port());
        s.allowList = List.of("hostile.test");
        downloader =
                new NettyImageDownloader(
                        s.build(), s.tls, new StaticDns().map("hostile.test", "127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        downloader.close();
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/bad/many-headers",
        "/bad/negative-length",
        "/bad/two-lengths",
        "/bad/length-list",
        "/bad/status-line",
        "/bad/not-http",
        "/bad/binary-status"
    })
    void isABadResponse(String path) throws Exception {
        DownloadResult r =
                downloader
                        .download("http://hostile.test:" + server.port() + path)
                        .get(10, TimeUnit.SECONDS);
        try {
            assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.BAD_RESPONSE);
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(downloader.budget().used()).as("budget returned").isZero();
        } finally {
            r.release();
        }
    }
}
