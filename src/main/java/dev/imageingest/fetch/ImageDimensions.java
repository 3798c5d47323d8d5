package dev.imageingest.fetch;

import java.util.Objects;
import java.util.Optional;

/**
 * Reads an image's width and height from its header, without decoding pixels: JPEG (SOFn marker),
 * PNG (IHDR), GIF (logical screen), WebP (VP8, VP8L, VP8X) and BMP (info header). Other formats, or
 * headers that cannot be read, yield empty.
 */
public final class ImageDimensions {
    private ImageDimensions() {}

    /** Width and height in pixels. */
    public static final class Size {
        private final int width;
        private final int height;

        public Size(int width, int height) {
            this.width = width;
            this.height = height;
        }

        public int width() {
            return width;
        }

        public int height() {
            return height;
        }

        public long pixels() {
            return (long) width * height;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Size)) {
                return false;
            }
            Size that = (Size) o;
            return width == that.width && height == that.height;
        }

        @Override
        public int hashCode() {
            return Objects.hash(width, height);
        }

        @Override
        public String toString() {
            return "Size[width=" + width + ", height=" + height + "]";
        }
    }

    public static Optional<Size> read(ImageFormat format, byte[] b) {
        try {
            switch (format) {
                case JPEG:
                    return jpeg(b);
                case PNG:
                    return size(be32(b, 16), be32(b, 20));
                case GIF:
                    return size(le16(b, 6), le16(b, 8));
                case WEBP:
                    return webp(b);
                case BMP:
                    return bmp(b);
                default:
                    return Optional.empty();
            }
        } catch (IndexOutOfBoundsException e) { // truncated header (arrays and strings)
            return Optional.empty(); // header shorter than it claims
        }
    }

    private static Optional<Size> jpeg(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length) {
            if (u(b, i) != 0xFF) {
                return Optional.empty();
            }
            int marker = u(b, i + 1);
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2; // markers without a length
                continue;
            }
            int length = be16(b, i + 2);
            boolean sof =
                    marker >= 0xC0
                            && marker <= 0xCF
                            && marker != 0xC4
                            && marker != 0xC8
                            && marker != 0xCC;
            if (sof) {
                return size(be16(b, i + 7), be16(b, i + 5));
            }
            if (marker == 0xDA || marker == 0xD9 || length < 2) {
                return Optional.empty(); // scan data before any frame header
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    private static Optional<Size> webp(byte[] b) {
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8 ":
                if (u(b, 23) != 0x9D || u(b, 24) != 0x01 || u(b, 25) != 0x2A) {
                    return Optional.empty();
                }
                return size(le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
            case "VP8L":
                if (u(b, 20) != 0x2F) {
                    return Optional.empty();
                }
                long bits = u(b, 21) | (u(b, 22) << 8) | (u(b, 23) << 16) | ((long) u(b, 24) << 24);
                return size((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
            case "VP8X":
                return size(le24(b, 24) + 1, le24(b, 27) + 1);
            default:
                return Optional.empty();
        }
    }

    private static Optional<Size> bmp(byte[] b) {
        long headerSize = le32(b, 14);
        if (headerSize == 12) {
            return size(le16(b, 18), le16(b, 20));
        }
        int w = (int) le32(b, 18);
        int h = (int) le32(b, 22);
        return size(w, h == Integer.MIN_VALUE ? h : Math.abs(h)); // negative height = top-down
    }

    private static Optional<Size> size(long w, long h) {
        if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new Size((int) w, (int) h));
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int be16(byte[] b, int i) {
        return (u(b, i) << 8) | u(b, i + 1);
    }

    private static long be32(byte[] b, int i) {
        return ((long) u(b, i) << 24) | (u(b, i + 1) << 16) | (u(b, i + 2) << 8) | u(b, i + 3);
    }

    private static int le16(byte[] b, int i) {
        return u(b, i) | (u(b, i + 1) << 8);
    }

    private static int le24(byte[] b, int i) {
        return u(b, i) | (u(b, i + 1) << 8) | (u(b, i + 2) << 16);
    }

    private static long le32(byte[] b, int i) {
        return u(b, i) | (u(b, i + 1) << 8) | (u(b, i + 2) << 16) | ((long) u(b, i + 3) << 24);
    }
}
