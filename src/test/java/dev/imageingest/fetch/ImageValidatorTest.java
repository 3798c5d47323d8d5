package dev.imageingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.model.FetchStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageValidatorTest {

    @ParameterizedTest
    @CsvSource({"jpg, JPEG", "png, PNG", "gif, GIF", "bmp, BMP"})
    void readsDimensionsOfRealImages(String type, ImageFormat format) {
        ImageValidator.Verdict v = ImageValidator.validate(TestImages.encode(type, 37, 21), 0);
        assertThat(v.status()).isEqualTo(FetchStatus.OK);
        assertThat(v.format()).isEqualTo(format);
        assertThat(v.width()).isEqualTo(37);
        assertThat(v.height()).isEqualTo(21);
    }

    @ParameterizedTest
    @CsvSource({"'VP8 ', 640, 480", "VP8L, 1000, 16383", "VP8X, 16777215, 3"})
    void readsWebpDimensions(String chunk, int w, int h) {
        ImageValidator.Verdict v = ImageValidator.validate(TestImages.webp(chunk, w, h), 0);
        assertThat(v.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(v.width()).isEqualTo(w);
        assertThat(v.height()).isEqualTo(h);
    }

    @Test
    void rejectsPixelBombsFromTheHeaderAlone() {
        ImageValidator.Verdict v =
                ImageValidator.validate(TestImages.pngHeader(50_000, 50_000), 100_000_000);
        assertThat(v.status()).isEqualTo(FetchStatus.TOO_MANY_PIXELS);
        assertThat(v.width()).isEqualTo(50_000);
        assertThat(ImageValidator.validate(TestImages.pngHeader(10_000, 10_000), 100_000_000).ok())
                .isTrue();
        assertThat(ImageValidator.validate(TestImages.pngHeader(50_000, 50_000), 0).ok()).isTrue();
        assertThat(
                        ImageValidator.validate(
                                        TestImages.webp("VP8X", 20_000, 20_000), 100_000_000)
                                .status())
                .isEqualTo(FetchStatus.TOO_MANY_PIXELS);
    }

    @Test
    void rejectsWhatIsNotACompleteImage() {
        byte[] jpeg = TestImages.jpeg(64, 64);
        byte[] png = TestImages.encode("png", 64, 64);
        byte[] webp = TestImages.webp("VP8L", 10, 10);
        assertThat(status("<html><body>Not found</body></html>"))
                .isEqualTo(FetchStatus.NOT_AN_IMAGE);
        assertThat(status("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"))
                .isEqualTo(FetchStatus.NOT_AN_IMAGE);
        assertThat(status("{\"error\": \"no such image\"}")).isEqualTo(FetchStatus.NOT_AN_IMAGE);
        assertThat(ImageValidator.validate(new byte[0], 0).status())
                .isEqualTo(FetchStatus.EMPTY_BODY);
        assertThat(ImageValidator.validate(Arrays.copyOf(jpeg, jpeg.length / 2), 0).status())
                .isEqualTo(FetchStatus.NOT_AN_IMAGE);
        assertThat(ImageValidator.validate(Arrays.copyOf(png, png.length - 12), 0).status())
                .isEqualTo(FetchStatus.NOT_AN_IMAGE);
        assertThat(ImageValidator.validate(Arrays.copyOf(webp, 30), 0).status())
                .isEqualTo(FetchStatus.NOT_AN_IMAGE);
    }

    @Test
    void corruptHeadersYieldNoDimensionsRatherThanErrors() {
        byte[] jpeg = TestImages.jpeg(8, 8);
        byte[] garbled = jpeg.clone();
        Arrays.fill(garbled, 2, 40, (byte) 0x00); // markers gone, EOI kept
        assertThat(ImageDimensions.read(ImageFormat.JPEG, garbled)).isEmpty();
        assertThat(ImageDimensions.read(ImageFormat.PNG, new byte[] {1, 2, 3})).isEmpty();
    }

    private static FetchStatus status(String body) {
        return ImageValidator.validate(body.getBytes(StandardCharsets.UTF_8), 0).status();
    }

    @Test
    void aBareWebpHeaderIsNotAnImageRatherThanAnError() {
        byte[] header = "RIFF\0\0\0\0WEBP".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int extra = 0; extra <= 8; extra++) {
            byte[] body = java.util.Arrays.copyOf(header, header.length + extra);
            ImageValidator.Verdict v = ImageValidator.validate(body, 100_000_000);
            assertThat(v.ok()).as("%d bytes", body.length).isFalse();
            assertThat(v.status()).isEqualTo(dev.imageingest.model.FetchStatus.NOT_AN_IMAGE);
        }
    }
}
