package dev.imageingest.fetch;

import dev.imageingest.model.FetchStatus;
import java.util.Optional;

/**
 * Decides whether a downloaded body is stored: it must be a supported image by its magic bytes
 * ({@link ImageSniffer}; HTML, SVG, text, empty and truncated bodies are not) and, when {@code
 * maxPixels > 0} and its header declares its size ({@link ImageDimensions}), not larger than that.
 */
public final class ImageValidator {
    private ImageValidator() {}

    /**
     * @param status OK or the reason to reject
     * @param format the sniffed format (the stored Content-Type), null when rejected as not an
     *     image
     * @param width from the header, null when unknown
     * @param height from the header, null when unknown
     */
    public record Verdict(
            FetchStatus status, ImageFormat format, Integer width, Integer height, String error) {
        public boolean ok() {
            return status == FetchStatus.OK;
        }
    }

    public static Verdict validate(byte[] body, long maxPixels) {
        if (body == null || body.length == 0) {
            return new Verdict(FetchStatus.EMPTY_BODY, null, null, null, "empty body");
        }
        Optional<ImageFormat> format = ImageSniffer.sniff(body);
        if (format.isEmpty()) {
            return new Verdict(
                    FetchStatus.NOT_AN_IMAGE,
                    null,
                    null,
                    null,
                    "magic bytes match no supported image format, or the image is truncated ("
                            + body.length
                            + " bytes)");
        }
        ImageFormat f = format.get();
        Optional<ImageDimensions.Size> size = ImageDimensions.read(f, body);
        Integer w = size.map(ImageDimensions.Size::width).orElse(null);
        Integer h = size.map(ImageDimensions.Size::height).orElse(null);
        if (maxPixels > 0 && size.isPresent() && size.get().pixels() > maxPixels) {
            return new Verdict(
                    FetchStatus.TOO_MANY_PIXELS,
                    f,
                    w,
                    h,
                    w + "x" + h + " = " + size.get().pixels() + " pixels exceeds " + maxPixels);
        }
        return new Verdict(FetchStatus.OK, f, w, h, null);
    }
}
