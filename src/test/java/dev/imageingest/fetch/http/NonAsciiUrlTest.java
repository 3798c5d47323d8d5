package dev.imageingest.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.fetch.TestFetchSettings;
import dev.imageingest.fetch.guard.StaticDns;
import dev.imageingest.model.FetchStatus;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Japanese file names, query strings and host names reach a real loopback server in the form a
 * browser sends: percent-encoded UTF-8 path and query, IDNA host. The server records the request
 * target byte for byte (one char per byte), so a {@code ?} written for an unencodable character
 * would show.
 */
class NonAsciiUrlTest {
    static final String PUNY = "xn--r8jz45g.xn--zckzah"; // 例え.テスト
    static HostileServer server;
    static NettyImageDownloader downloader;

    @BeforeAll
    static void start() throws Exception {
        server = new HostileServer();
        TestFetchSettings s = new TestFetchSettings();
        // generous: the machine is shared, and this test is about bytes, not deadlines
        s.connectTimeout = java.time.Duration.ofSeconds(5);
        s.idleTimeout = java.time.Duration.ofSeconds(5);
        s.totalTimeout = java.time.Duration.ofSeconds(9);
        s.allowedPorts.add(server.port());
        s.allowList = List.of("hostile.test", PUNY);
        StaticDns dns = new StaticDns().map("hostile.test", "127.0.0.1").map(PUNY, "127.0.0.1");
        downloader = new NettyImageDownloader(s.build(), s.tls, dns);
    }

    @AfterAll
    static void stop() throws Exception {
        downloader.close();
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://hostile.test:PORT/u/画像.png | hostile.test | /u/%E7%94%BB%E5%83%8F.png",
                "http://hostile.test:PORT/u/a.png?name=間取り&n=2 | hostile.test"
                        + " | /u/a.png?name=%E9%96%93%E5%8F%96%E3%82%8A&n=2",
                "http://例え.テスト:PORT/u/写真 1.jpg | " + PUNY + " | /u/%E5%86%99%E7%9C%9F%201.jpg",
                "http://hostile.test:PORT/u/%E7%94%BB.png | hostile.test | /u/%E7%94%BB.png",
                "http://hostile.test:PORT/redirect-utf8?to=/u/外観.jpg | hostile.test"
                        + " | /u/%E5%A4%96%E8%A6%B3.jpg",
                "http://hostile.test:PORT/redirect-utf8?to=http://例え.テスト:PORT/u/間取り.png"
                        + " | "
                        + PUNY
                        + " | /u/%E9%96%93%E5%8F%96%E3%82%8A.png",
            })
    void theServerReceivesTheBrowserFormAndTheImageIsOk(String url, String host, String target)
            throws Exception {
        String port = String.valueOf(server.port());
        int before = server.seen().size();
        DownloadResult r = downloader.download(url.replace("PORT", port)).get(10, TimeUnit.SECONDS);
        try {
            assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.OK);
        } finally {
            r.release();
        }
        HostileServer.Seen last = server.seen().get(server.seen().size() - 1);
        assertThat(server.seen().size()).isGreaterThan(before);
        assertThat(last.path()).isEqualTo(target);
        assertThat(last.host()).isEqualTo(host + ":" + port);
    }
}
