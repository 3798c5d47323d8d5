package dev.imageingest.fetch;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Identifies an image by its magic bytes, never by the server's Content-Type. Bodies that are not
 * one of the {@link ImageFormat}s (HTML error pages, SVG, text, empty) yield empty. JPEG and PNG
 * bodies must also be complete (end-of-image marker / IEND chunk), and WebP bodies as long as their
 * RIFF header says, so truncated downloads are rejected rather than stored.
 */
public final class ImageSniffer {
    private ImageSniffer() {}

    public static Optional<ImageFormat> sniff(byte[] b) {
        if (b == null || b.length < 12) {
            return Optional.empty();
        }
        if (u(b, 0) == 0xFF && u(b, 1) == 0xD8 && u(b, 2) == 0xFF) {
            return complete(jpegEnds(b), ImageFormat.JPEG);
        }
        if (startsWith(b, 0, new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
            return complete(pngEnds(b), ImageFormat.PNG);
        }
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
            return Optional.of(ImageFormat.GIF);
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            long riffSize = u(b, 4) | (u(b, 5) << 8) | (u(b, 6) << 16) | ((long) u(b, 7) << 24);
            // "WEBP" plus at least one chunk header (8 bytes) and its payload
            boolean wellFormed = riffSize >= 4 + 8 + 1 && b.length >= 20;
            return complete(wellFormed && b.length >= riffSize + 8, ImageFormat.WEBP);
        }
        if (ascii(b, 4, "ftyp")) {
            return isoBrand(b);
        }
        if (ascii(b, 0, "BM") && b.length >= 26) {
            return Optional.of(ImageFormat.BMP);
        }
        if (startsWith(b, 0, new int[] {'I', 'I', 0x2A, 0x00})
                || startsWith(b, 0, new int[] {'M', 'M', 0x00, 0x2A})) {
            return Optional.of(ImageFormat.TIFF);
        }
        return Optional.empty();
    }

    /** ISO-BMFF (HEIF family): major brand and compatible brands of the ftyp box. */
    private static Optional<ImageFormat> isoBrand(byte[] b) {
        long boxSize = ((long) u(b, 0) << 24) | (u(b, 1) << 16) | (u(b, 2) << 8) | u(b, 3);
        int end = (int) Math.min(b.length, Math.max(16, boxSize));
        ImageFormat found = null;
        for (int i = 8; i + 4 <= end; i += 4) {
            if (i == 12) {
                continue; // minor version
            }
            String brand = new String(b, i, 4, StandardCharsets.US_ASCII);
            switch (brand) {
                case "avif":
                case "avis":
                    return Optional.of(ImageFormat.AVIF);
                case "heic":
                case "heix":
                case "heim":
                case "heis":
                case "hevc":
                case "hevx":
                    found = ImageFormat.HEIC;
                    break;
                case "mif1":
                case "msf1":
                    if (found == null) {
                        found = ImageFormat.HEIF;
                    }
                    break;
                default:
                    break;
            }
        }
        return Optional.ofNullable(found);
    }

    private static boolean jpegEnds(byte[] b) {
        // tolerate trailing padding after EOI, as many encoders write it
        for (int i = b.length - 2; i >= Math.max(2, b.length - 1024); i--) {
            if (u(b, i) == 0xFF && u(b, i + 1) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static boolean pngEnds(byte[] b) {
        for (int i = b.length - 8; i >= Math.max(8, b.length - 1024); i--) {
            if (ascii(b, i, "IEND")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<ImageFormat> complete(boolean complete, ImageFormat format) {
        return complete ? Optional.of(format) : Optional.empty();
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static boolean startsWith(byte[] b, int off, int[] magic) {
        if (b.length < off + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (u(b, off + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int off, String s) {
        if (b.length < off + s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[off + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
