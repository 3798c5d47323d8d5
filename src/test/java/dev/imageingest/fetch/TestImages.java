package dev.imageingest.fetch;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Real image files for tests, encoded by the JDK's ImageIO, plus hand-made headers. */
public final class TestImages {
    private TestImages() {}

    /**
     * An image of the given size encoded as {@code jpg}, {@code png}, {@code gif} or {@code bmp}.
     */
    public static byte[] encode(String format, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                img.setRGB(x, y, (x * 7 + y * 13) & 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] jpeg(int width, int height) {
        return encode("jpg", width, height);
    }

    /**
     * A structurally complete PNG (signature, IHDR, IEND) whose header declares the given size,
     * without pixel data: a "pixel bomb" header.
     */
    public static byte[] pngHeader(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII));
        b.putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        b.putInt(0); // CRC, not checked
        b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xAE426082);
        return b.array();
    }

    /** A WebP file of the given chunk kind ({@code VP8 }, {@code VP8L}, {@code VP8X}) and size. */
    public static byte[] webp(String chunk, int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(32);
        b.put("WEBP".getBytes(StandardCharsets.US_ASCII))
                .put(chunk.getBytes(StandardCharsets.US_ASCII));
        b.putInt(20);
        switch (chunk) {
            case "VP8 " -> {
                b.put(new byte[] {0, 0, 0}); // frame tag
                b.put(new byte[] {(byte) 0x9D, 0x01, 0x2A});
                b.putShort((short) width).putShort((short) height);
            }
            case "VP8L" -> {
                b.put((byte) 0x2F);
                int bits = (width - 1) | ((height - 1) << 14);
                b.putInt(bits);
            }
            case "VP8X" -> {
                b.putInt(0); // flags + reserved
                put24(b, width - 1);
                put24(b, height - 1);
            }
            default -> throw new IllegalArgumentException(chunk);
        }
        return b.array();
    }

    private static void put24(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }
}
