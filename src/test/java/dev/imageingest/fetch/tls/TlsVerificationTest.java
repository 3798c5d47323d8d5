package dev.imageingest.fetch.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.fetch.TestFetchSettings;
import dev.imageingest.fetch.TestImages;
import dev.imageingest.fetch.guard.StaticDns;
import dev.imageingest.fetch.http.DownloadResult;
import dev.imageingest.fetch.http.NettyImageDownloader;
import dev.imageingest.model.FetchStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downloader against real TLS servers on 127.0.0.1 with certificates from a CA made for the
 * test. Host names map to 127.0.0.1 through the test DNS; the trust store holds only the test CA.
 * Each case asserts the outcome and, where a handshake happens, the SNI name the server saw.
 */
class TlsVerificationTest {
    static final byte[] PNG = TestImages.encode("png", 16, 16);

    @TempDir static Path dir;
    static TestPki pki;
    static TlsSettings trust;
    static TlsTestServer good;
    static TlsTestServer otherName;
    static TlsTestServer otherNameWithIp;
    static TlsTestServer expired;
    static TlsTestServer selfSigned;
    static TlsTestServer ipOnly;
    static TlsTestServer silent;
    static TlsTestServer plain;

    final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();
    NettyImageDownloader downloader;

    @BeforeAll
    static void startServers() throws Exception {
        pki = new TestPki("Image Ingest Test CA");
        trust =
                TlsSettings.trustStore(
                        pki.writeTrustStore(dir.resolve("trust.p12")), TestPki.PASSWORD, "PKCS12");
        good = https(pki.issue(List.of("img.test"), List.of()));
        otherName = https(pki.issue(List.of("other.test"), List.of()));
        otherNameWithIp = https(pki.issue(List.of("other.test"), List.of("127.0.0.1")));
        Instant now = Instant.now();
        expired =
                https(
                        pki.issue(
                                List.of("img.test"),
                                List.of(),
                                now.minus(Duration.ofDays(60)),
                                now.minus(Duration.ofDays(30))));
        selfSigned = https(TestPki.selfSigned(List.of("img.test"), List.of()));
        ipOnly = https(pki.issue(List.of(), List.of("127.0.0.1")));
        silent = TlsTestServer.silent();
        plain = TlsTestServer.plain(PNG);
    }

    static TlsTestServer https(TestPki.Identity identity) throws Exception {
        return TlsTestServer.https(identity.serverContext(), null, PNG);
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (TlsTestServer s :
                List.of(
                        good,
                        otherName,
                        otherNameWithIp,
                        expired,
                        selfSigned,
                        ipOnly,
                        silent,
                        plain)) {
            s.close();
        }
    }

    @AfterEach
    void closeDownloader() {
        if (downloader != null) {
            downloader.close();
        }
    }

    NettyImageDownloader start(TestFetchSettings s, int... ports) {
        for (TlsTestServer server :
                List.of(
                        good,
                        otherName,
                        otherNameWithIp,
                        expired,
                        selfSigned,
                        ipOnly,
                        silent,
                        plain)) {
            s.allowedPorts.add(server.port());
        }
        for (int p : ports) {
            s.allowedPorts.add(p);
        }
        s.allowList = List.of("img.test", "untrusted.test", "127.0.0.1/32");
        s.tls = trust;
        StaticDns dns =
                new StaticDns()
                        .map("img.test", "127.0.0.1")
                        .map("untrusted.test", "127.0.0.1")
                        .map("metadata.test", "169.254.169.254");
        downloader = new NettyImageDownloader(s.build(), s.tls, dns, connects::add);
        return downloader;
    }

    NettyImageDownloader start() {
        return start(settings());
    }

    /** Test settings with room for TLS handshakes on a busy 2-core machine. */
    static TestFetchSettings settings() {
        TestFetchSettings s = new TestFetchSettings();
        s.connectTimeout = Duration.ofSeconds(3);
        s.idleTimeout = Duration.ofSeconds(3);
        s.totalTimeout = Duration.ofSeconds(10);
        return s;
    }

    /** The SNI names a server saw; waits briefly for its connection thread to record them. */
    static List<String> sniSeen(TlsTestServer server, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!server.sniNames().contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return server.sniNames();
    }

    static DownloadResult get(NettyImageDownloader d, String url) throws Exception {
        DownloadResult r = d.download(url).get(15, TimeUnit.SECONDS);
        r.release();
        return r;
    }

    static String url(String scheme, String host, TlsTestServer s, String path) {
        return scheme + "://" + host + ":" + s.port() + path;
    }

    @Test
    void validCertificateForTheHostNameIsAcceptedAndTheNameIsSentAsSni() throws Exception {
        start();
        DownloadResult r = get(downloader, url("https", "img.test", good, "/image"));
        assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.OK);
        assertThat(good.sniNames())
                .isNotEmpty()
                .allSatisfy(n -> assertThat(n).isEqualTo("img.test"));
    }

    @Test
    void certificateForAnotherNameIsRefused() throws Exception {
        start();
        int before = otherName.sniNames().size();
        DownloadResult r = get(downloader, url("https", "img.test", otherName, "/image"));
        assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.TLS_FAILURE);
        assertThat(r.attempts()).isEqualTo(1); // a certificate problem is not retried
        assertThat(sniSeen(otherName, "img.test").subList(before, otherName.sniNames().size()))
                .containsExactly("img.test");
        assertThat(otherName.requests()).isZero();
    }

    @Test
    void certificateForAnotherNameListingTheIpIsRefusedForEveryName() throws Exception {
        start();
        for (String host : List.of("img.test", "untrusted.test")) {
            DownloadResult r = get(downloader, url("https", host, otherNameWithIp, "/image"));
            assertThat(r.status()).as(host + ": " + r.error()).isEqualTo(FetchStatus.TLS_FAILURE);
            // verified against the URL's name, never against the address we connected to
            assertThat(r.error()).contains(host);
        }
        sniSeen(otherNameWithIp, "img.test");
        assertThat(sniSeen(otherNameWithIp, "untrusted.test"))
                .as("accepted " + otherNameWithIp.accepted())
                .contains("img.test", "untrusted.test");
        assertThat(otherNameWithIp.requests()).isZero();
    }

    @Test
    void expiredCertificateIsRefused() throws Exception {
        start();
        DownloadResult r = get(downloader, url("https", "img.test", expired, "/image"));
        assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.TLS_FAILURE);
        assertThat(sniSeen(expired, "img.test")).contains("img.test");
        assertThat(expired.requests()).isZero();
    }

    @Test
    void selfSignedCertificateIsRefused() throws Exception {
        start();
        DownloadResult r = get(downloader, url("https", "img.test", selfSigned, "/image"));
        assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.TLS_FAILURE);
        assertThat(selfSigned.requests()).isZero();
    }

    @Test
    void theJvmDefaultTrustStoreDoesNotTrustThePrivateCa() throws Exception {
        TestFetchSettings s = settings();
        start(s);
        downloader.close();
        s.tls = TlsSettings.jvmDefault();
        downloader =
                new NettyImageDownloader(
                        s.build(),
                        TlsSettings.jvmDefault(),
                        new StaticDns().map("img.test", "127.0.0.1"),
                        connects::add);
        DownloadResult r = get(downloader, url("https", "img.test", good, "/image"));
        assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.TLS_FAILURE);
    }

    @Test
    void aServerThatNeverFinishesTheHandshakeTimesOutWithinTheLimits() throws Exception {
        TestFetchSettings s = settings();
        s.idleTimeout = Duration.ofMillis(500);
        s.totalTimeout = Duration.ofMillis(2000);
        start(s);
        long t0 = System.nanoTime();
        DownloadResult r = get(downloader, url("https", "img.test", silent, "/image"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.TIMEOUT);
        assertThat(silent.accepted()).isPositive();
        // bounded by the image's total deadline (plus scheduling slack), not by the server
        assertThat(ms).isLessThan(s.totalTimeout.toMillis() + 3_000);
    }

    @Test
    void aServerSpeakingOnlyTls10And11IsRefused(@TempDir Path tmp) throws Exception {
        TestPki.Identity id = pki.issue(List.of("img.test"), List.of());
        Path ks = id.write(tmp.resolve("server.p12"));
        Path png = Files.write(tmp.resolve("a.png"), PNG);
        // TLS 1.0/1.1 are disabled in this JVM's java.security; the old server gets its own JVM
        Path security =
                Files.writeString(
                        tmp.resolve("java.security"),
                        "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024,"
                                + " EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p =
                new ProcessBuilder(
                                java,
                                "-Djava.security.properties=" + security,
                                "-cp",
                                System.getProperty("java.class.path"),
                                TlsTestServer.class.getName(),
                                ks.toString(),
                                TestPki.PASSWORD,
                                "TLSv1,TLSv1.1",
                                png.toString())
                        .redirectErrorStream(true)
                        .start();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("old TLS server started").startsWith("PORT ");
            String[] parts = line.split(" ");
            int port = Integer.parseInt(parts[1]);
            // the server really negotiates TLS 1.1 with a client that offers it
            assertThat(parts[3]).isEqualTo("TLSv1.1");
            start(settings(), port);
            DownloadResult r = get(downloader, "https://img.test:" + port + "/image");
            assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.TLS_FAILURE);
            assertThat(r.attempts()).isEqualTo(1);
        } finally {
            p.getOutputStream().close();
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void redirectFromHttpToHttpsIsFollowedAndVerified() throws Exception {
        start();
        String target = url("https", "img.test", good, "/image");
        DownloadResult r =
                get(downloader, url("http", "img.test", plain, "/redirect?to=" + enc(target)));
        assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.OK);
        assertThat(good.sniNames()).contains("img.test");

        // the same redirect to a host the certificate does not name fails on that hop
        String wrong = url("https", "untrusted.test", good, "/image");
        DownloadResult w =
                get(downloader, url("http", "img.test", plain, "/redirect?to=" + enc(wrong)));
        assertThat(w.status()).as(w.error()).isEqualTo(FetchStatus.TLS_FAILURE);
        assertThat(sniSeen(good, "untrusted.test")).contains("untrusted.test");
    }

    @Test
    void redirectFromHttpsToHttpIsRefusedAsADowngrade() throws Exception {
        start();
        int before = plain.requests();
        String target = url("http", "img.test", plain, "/image");
        DownloadResult r =
                get(downloader, url("https", "img.test", good, "/redirect?to=" + enc(target)));
        assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.BLOCKED_SCHEME);
        assertThat(r.error()).contains("https to http");
        assertThat(plain.requests()).isEqualTo(before);
    }

    @Test
    void ipLiteralUrlsAreVerifiedAgainstTheIpWithoutSni() throws Exception {
        start();
        DownloadResult ok = get(downloader, url("https", "127.0.0.1", ipOnly, "/image"));
        assertThat(ok.status()).as(ok.error()).isEqualTo(FetchStatus.OK);
        assertThat(ipOnly.sniNames()).isEmpty(); // no SNI for an IP literal, as browsers do

        DownloadResult noIp = get(downloader, url("https", "127.0.0.1", good, "/image"));
        assertThat(noIp.status()).as(noIp.error()).isEqualTo(FetchStatus.TLS_FAILURE);
    }

    @Test
    void aNameResolvingToADeniedAddressIsBlockedBeforeAnyHandshake() throws Exception {
        start();
        DownloadResult r = get(downloader, "https://metadata.test:" + good.port() + "/image");
        assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.BLOCKED_ADDRESS);
        assertThat(connects).isEmpty();
    }

    @Test
    void manyImagesFromOneHostReuseConnections() throws Exception {
        TestFetchSettings s = settings();
        s.perHostConcurrency = 4;
        s.perHostMaxConcurrency = 4;
        start(s);
        int handshakesBefore = good.handshakes();
        List<CompletableFuture<DownloadResult>> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            all.add(downloader.download(url("https", "img.test", good, "/image?i=" + i)));
        }
        for (CompletableFuture<DownloadResult> f : all) {
            DownloadResult r = f.get(15, TimeUnit.SECONDS);
            r.release();
            assertThat(r.status()).as(r.error()).isEqualTo(FetchStatus.OK);
        }
        assertThat(downloader.connectionsOpened()).isBetween(1L, 4L);
        assertThat(downloader.connectionsReused()).isGreaterThanOrEqualTo(56);
        assertThat(good.handshakes() - handshakesBefore).isBetween(1, 4);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
