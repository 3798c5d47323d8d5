package dev.imageingest.bench.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.fetch.ImageFormat;
import dev.imageingest.fetch.ImageValidator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bench image host over http and https: valid, distinct images and counted handshakes. */
class BenchImageHostTest {
    private static BenchEndpoints endpoints;

    @BeforeAll
    static void start() {
        endpoints = BenchEndpointsFixture.shared();
    }

    @Test
    void servesDecodableDistinctJpegAndPngImages() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + endpoints.httpPort();
        byte[] a = get(http, base + "/i/0/1.jpg");
        byte[] b = get(http, base + "/i/0/2.jpg");
        ImageValidator.Verdict va = ImageValidator.validate(a, 100_000_000);
        assertThat(va.ok()).as(va.error()).isTrue();
        assertThat(va.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(va.width()).isPositive();
        assertThat(ImageValidator.validate(b, 0).ok()).isTrue();
        assertThat(a).isNotEqualTo(b); // same pool image, different URL: distinct bytes
        assertThat(Math.abs(a.length - b.length)).isLessThanOrEqualTo(2);
        // fixture sizes 20k:3,200k:1 with +-20% spread
        assertThat(a.length).isBetween(14_000, 250_000);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(a))).isNotNull();

        byte[] png = get(http, base + "/i/9/1.png");
        ImageValidator.Verdict vp = ImageValidator.validate(png, 0);
        assertThat(vp.ok()).as(vp.error()).isTrue();
        assertThat(vp.format()).isEqualTo(ImageFormat.PNG);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png))).isNotNull();

        HttpResponse<String> missing =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/nothing")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void httpsUsesTheBenchCaAndCountsHandshakes() throws Exception {
        HttpClient https =
                HttpClient.newBuilder().sslContext(endpoints.tls().clientContext()).build();
        long before = endpoints.counters().get("images-https.tls-handshakes");
        byte[] first = get(https, "https://127.0.0.1:" + endpoints.httpsPort() + "/i/3/7.jpg");
        byte[] second = get(https, "https://localhost:" + endpoints.httpsPort() + "/i/3/8.jpg");
        assertThat(ImageValidator.validate(first, 0).ok()).isTrue();
        assertThat(Arrays.equals(first, second)).isFalse();
        assertThat(endpoints.counters().get("images-https.tls-handshakes") - before).isEqualTo(2);
        assertThat(endpoints.tls().serverCertificate().getSubjectAlternativeNames())
                .extracting(l -> (Object) l.get(1))
                .contains(
                        (Object) "img1.bench.test",
                        "img2.bench.test",
                        "img3.bench.test",
                        "127.0.0.1");
    }

    private static byte[] get(HttpClient client, String url) throws Exception {
        HttpResponse<byte[]> r =
                client.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }
}
