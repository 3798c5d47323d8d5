package dev.imageingest.fetch.http;

import dev.imageingest.fetch.TestFetchSettings;
import dev.imageingest.fetch.guard.StaticDns;
import dev.imageingest.fetch.tls.TestPki;
import dev.imageingest.fetch.tls.TlsSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CPU per image of the downloader alone, against an image server in a separate JVM (so only the
 * client's CPU is counted): {@code mvn -q test-compile exec:java
 * -Dexec.mainClass=dev.imageingest.fetch.http.DownloaderBenchmark -Dexec.classpathScope=test
 * -Dexec.args="https 30000 64 30000"} (scheme, images, concurrency, image bytes). Reports the
 * steady-state µs of process CPU per image after a warm-up of the same size, and the connections (=
 * TLS handshakes) opened. Not a test: the numbers depend on the machine.
 */
public final class DownloaderBenchmark {
    public static void main(String[] args) throws Exception {
        String scheme = args.length > 0 ? args[0] : "https";
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 30_000;

        Path dir = Files.createTempDirectory("downloader-bench");
        TestPki pki = new TestPki("Bench CA");
        Path trust = pki.writeTrustStore(dir.resolve("trust.p12"));
        Path ks = pki.issue(List.of("img.test"), List.of()).write(dir.resolve("server.p12"));
        byte[] body = new byte[size];
        byte[] png = dev.imageingest.fetch.TestImages.encode("png", 16, 16);
        System.arraycopy(png, 0, body, 0, png.length);
        Path file = Files.write(dir.resolve("image.png"), body);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                dev.imageingest.fetch.tls.TlsTestServer.class.getName(),
                                ks.toString(),
                                TestPki.PASSWORD,
                                scheme.equals("https") ? "TLSv1.3,TLSv1.2" : "plain",
                                file.toString())
                        .redirectErrorStream(true)
                        .start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        try {
            int port = Integer.parseInt(out.readLine().split(" ")[1]);
            TestFetchSettings s = new TestFetchSettings();
            s.allow(port, "img.test");
            s.perHostConcurrency = concurrency;
            s.capacity = concurrency;
            s.maxBytes = 2L * size + 1024;
            s.inFlightBytes = Math.max(2 * s.maxBytes, (long) concurrency * size * 2);
            s.totalTimeout = Duration.ofSeconds(30);
            s.idleTimeout = Duration.ofSeconds(10);
            s.connectTimeout = Duration.ofSeconds(10);
            s.tls = TlsSettings.trustStore(trust, TestPki.PASSWORD, "PKCS12");
            try (NettyImageDownloader d =
                    new NettyImageDownloader(
                            s.build(), s.tls, new StaticDns().map("img.test", "127.0.0.1"))) {
                String url = scheme + "://img.test:" + port + "/image";
                run(d, url, images, concurrency); // warm-up (JIT)
                long cpu0 = cpuNanos();
                long wall0 = System.nanoTime();
                int ok = run(d, url, images, concurrency);
                long cpu = cpuNanos() - cpu0;
                long wall = System.nanoTime() - wall0;
                System.out.printf(
                        "%s: %d images (%d OK), concurrency %d, %d bytes: %.1f µs CPU/image,"
                                + " %.0f images/s, %d connections opened, %d reused%n",
                        scheme,
                        images,
                        ok,
                        concurrency,
                        size,
                        cpu / 1000.0 / images,
                        images * 1e9 / wall,
                        d.connectionsOpened(),
                        d.connectionsReused());
            }
            server.getOutputStream().close();
            System.out.println("server: " + out.readLine());
        } finally {
            server.getOutputStream().close();
            server.destroy();
        }
    }

    private static int run(NettyImageDownloader d, String url, int n, int concurrency)
            throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        AtomicInteger ok = new AtomicInteger();
        CompletableFuture<?>[] all = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            slots.acquire();
            all[i] =
                    d.download(url)
                            .thenAccept(
                                    r -> {
                                        if (r.ok()) {
                                            ok.incrementAndGet();
                                        }
                                        r.release();
                                        slots.release();
                                    });
        }
        CompletableFuture.allOf(all).join();
        return ok.get();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
