package dev.imageingest.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.fetch.ImageFormat;
import dev.imageingest.fetch.ImageSniffer;
import dev.imageingest.message.ImageMessageParser;
import dev.imageingest.message.ParsedMessage;
import dev.imageingest.model.FetchStatus;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageHostTest {
    private static ImageHost host;
    private static HttpClient HTTP;

    @BeforeAll
    static void start() {
        host = ImageHost.start();
        // trusts only the host's own CA: the https sample URLs are verified like the job does
        HTTP = HttpClient.newBuilder().sslContext(host.clientSslContext()).build();
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void servesRealJpegAndPngThatSniffAndDecode() throws Exception {
        for (String ext : List.of("jpg", "png")) {
            HttpResponse<byte[]> r = get("/img/a1." + ext);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValue(ext.equals("png") ? "image/png" : "image/jpeg");
            assertThat(ImageSniffer.sniff(r.body()))
                    .hasValue(ext.equals("png") ? ImageFormat.PNG : ImageFormat.JPEG);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(r.body()));
            assertThat(decoded.getWidth()).isEqualTo(SampleImages.WIDTH);
            assertThat(decoded.getHeight()).isEqualTo(SampleImages.HEIGHT);
            assertThat(r.body()).isEqualTo(host.image("a1", ext));
        }
    }

    @Test
    void imagesAreDeterministicPerIdAndDifferAcrossIds() throws Exception {
        assertThat(SampleImages.encode("x7", "png")).isEqualTo(SampleImages.encode("x7", "png"));
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            bodies.add(java.util.HexFormat.of().formatHex(get("/img/d" + i + ".jpg").body()));
        }
        assertThat(bodies).hasSize(30);
    }

    @Test
    void brokenResourcesAnswerAsAdvertised() throws Exception {
        assertThat(get("/missing/a").statusCode()).isEqualTo(404);
        assertThat(get("/gone/a").statusCode()).isEqualTo(410);
        assertThat(get("/error/a").statusCode()).isEqualTo(500);
        assertThat(get("/nowhere/a").statusCode()).isEqualTo(404);
        assertThat(get("/img/a").statusCode()).isEqualTo(404);

        HttpResponse<byte[]> html = get("/html/a");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(ImageSniffer.sniff(html.body())).isEmpty();

        for (String ext : List.of("jpg", "png")) {
            HttpResponse<byte[]> truncated = get("/truncated/a." + ext);
            assertThat(truncated.statusCode()).isEqualTo(200);
            byte[] full = host.image("a", ext);
            assertThat(truncated.body()).hasSize(full.length / 2);
            assertThat(ImageSniffer.sniff(truncated.body())).isEmpty();
        }
    }

    @Test
    void catalogMixesOutcomesDeterministicallyWithDistinctRecordIds() {
        List<SampleCatalog.SampleMessage> messages = SampleCatalog.generate(host, 200);
        assertThat(messages).isEqualTo(SampleCatalog.generate(host, 200));
        assertThat(messages.stream().map(SampleCatalog.SampleMessage::recordId).distinct())
                .hasSize(200);
        Map<FetchStatus, Long> byStatus =
                messages.stream()
                        .collect(
                                Collectors.groupingBy(
                                        SampleCatalog.SampleMessage::expected,
                                        Collectors.counting()));
        assertThat(byStatus.get(FetchStatus.OK)).isEqualTo(170);
        assertThat(byStatus.get(FetchStatus.INVALID_MESSAGE)).isEqualTo(10);
        assertThat(byStatus)
                .containsKeys(
                        FetchStatus.HTTP_404,
                        FetchStatus.HTTP_410,
                        FetchStatus.HTTP_5XX,
                        FetchStatus.NOT_AN_IMAGE);
        for (SampleCatalog.SampleMessage m : messages) {
            boolean invalid = m.expected() == FetchStatus.INVALID_MESSAGE;
            assertThat(ImageMessageParser.parse(m.body()))
                    .as(m.body())
                    .isInstanceOf(
                            invalid ? ParsedMessage.Invalid.class : ParsedMessage.Valid.class);
        }
    }

    @Test
    void catalogUrlsAnswerWithTheExpectedKindOfResponse() throws Exception {
        Map<FetchStatus, Function<HttpResponse<byte[]>, Boolean>> check =
                Map.of(
                        FetchStatus.OK,
                                r ->
                                        r.statusCode() == 200
                                                && ImageSniffer.sniff(r.body()).isPresent(),
                        FetchStatus.HTTP_404, r -> r.statusCode() == 404,
                        FetchStatus.HTTP_410, r -> r.statusCode() == 410,
                        FetchStatus.HTTP_5XX, r -> r.statusCode() == 500,
                        FetchStatus.NOT_AN_IMAGE,
                                r ->
                                        r.statusCode() == 200
                                                && ImageSniffer.sniff(r.body()).isEmpty());
        for (SampleCatalog.SampleMessage m : SampleCatalog.generate(host, 100)) {
            if (m.expected() == FetchStatus.INVALID_MESSAGE) {
                continue;
            }
            String url = ((ParsedMessage.Valid) ImageMessageParser.parse(m.body())).request().url();
            HttpResponse<byte[]> r =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertThat(check.get(m.expected()).apply(r)).as(m.body()).isTrue();
        }
    }

    @Test
    void httpsSideServesTheSameImagesWithACertificateForItsHostName() throws Exception {
        HttpResponse<byte[]> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(host.httpsUrl("/img/tls.png"))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(host.image("tls", "png"));
        assertThat(host.httpsUrl("/x")).startsWith("https://" + ImageHost.TLS_HOST + ":");
        long https =
                SampleCatalog.generate(host, 200).stream()
                        .filter(m -> m.body().contains("https://"))
                        .count();
        assertThat(https).as("sample messages over https").isBetween(60L, 140L);
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(host.url(path))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
