package dev.imageingest.fetch;

import dev.imageingest.model.FetchStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a downloaded body is stored: it must be a supported image by its magic bytes
 * ({@link ImageSniffer}; HTML, SVG, text, empty and truncated bodies are not) and, when {@code
 * maxPixels > 0} and its header declares its size ({@link ImageDimensions}), not larger than that.
 */
public final class ImageValidator {
    private ImageValidator() {}

    public static final class Verdict {
        /** OK or the reason to reject */
        private final FetchStatus status;

        /** the sniffed format (the stored Content-Type), null when rejected as not an image */
        private final ImageFormat format;

        /** from the header, null when unknown */
        private final Integer width;

        /** from the header, null when unknown */
        private final Integer height;

        private final String error;

        public Verdict(
                FetchStatus status,
                ImageFormat format,
                Integer width,
                Integer height,
                String error) {
            this.status = status;
            this.format = format;
            this.width = width;
            this.height = height;
            this.error = error;
        }

        public FetchStatus status() {
            return status;
        }

        public ImageFormat format() {
            return format;
        }

        public Integer width() {
            return width;
        }

        public Integer height() {
            return height;
        }

        public String error() {
            return error;
        }

        public boolean ok() {
            return status == FetchStatus.OK;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Verdict)) {
                return false;
            }
            Verdict that = (Verdict) o;
            return Objects.equals(status, that.status)
                    && Objects.equals(format, that.format)
                    && Objects.equals(width, that.width)
                    && Objects.equals(height, that.height)
                    && Objects.equals(error, that.error);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, format, width, height, error);
        }

        @Override
        public String toString() {
            return "Verdict[status="
                    + status
                    + ", format="
                    + format
                    + ", width="
                    + width
                    + ", height="
                    + height
                    + ", error="
                    + error
                    + "]";
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
