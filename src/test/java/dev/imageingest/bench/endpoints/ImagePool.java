package dev.imageingest.bench.endpoints;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * A pool of distinct, decodable JPEG and PNG images whose sizes follow a distribution ({@link
 * SizeMix}). Each is encoded from generated pixels, then brought to its target size with padding
 * metadata (JPEG COM segments, a private PNG chunk) placed before the image data, so decoders and
 * the job's sniffer read it as usual. Served bytes also carry a small per-URL segment ({@link
 * #compose}), so every URL is a distinct image (a distinct S3 object) at no cost.
 */
final class ImagePool {
    /** One pooled image split where the per-URL segment goes (after JPEG APP0 / PNG IHDR). */
    private record Base(byte[] head, byte[] tail, boolean png) {}

    private static final int MAX_PICTURE = 40 * 1024;

    private final List<Base> images;

    private ImagePool(List<Base> images) {
        this.images = images;
    }

    static ImagePool generate(int size, SizeMix mix, int pngEvery, long seed) {
        Random random = new Random(seed);
        int[] targets = new int[size];
        for (int i = 0; i < size; i++) {
            targets[i] = mix.pick(random);
        }
        List<Base> images =
                java.util.stream.IntStream.range(0, size)
                        .parallel()
                        .mapToObj(
                                i ->
                                        build(
                                                i,
                                                targets[i],
                                                BenchLayout.isPng(i, pngEvery),
                                                new Random(seed * 31 + i)))
                        .toList();
        return new ImagePool(images);
    }

    int size() {
        return images.size();
    }

    boolean isPng(int index) {
        return images.get(index).png;
    }

    /** Bytes of pool image {@code index} made unique by {@code id}; shares the pooled arrays. */
    ByteBuf compose(int index, String id) {
        Base b = images.get(index);
        byte[] payload = ("bench-image:" + id).getBytes(StandardCharsets.US_ASCII);
        byte[] unique = b.png ? pngChunk(payload) : jpegComment(payload);
        return Unpooled.wrappedBuffer(b.head, unique, b.tail);
    }

    /**
     * The picture itself is at most {@value #MAX_PICTURE} bytes (encoding megapixel images would
     * make start-up slow and the job never decodes pixels); padding brings it to the target.
     */
    private static Base build(int index, int target, boolean png, Random random) {
        int budget = (int) Math.min(MAX_PICTURE, target * 0.85);
        double bytesPerPixel = png ? 2.0 : 0.5; // first guess, corrected from the first encoding
        byte[] encoded = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            double pixels = Math.max(192, budget * 0.9 / bytesPerPixel);
            int w = (int) Math.max(16, Math.sqrt(pixels * 4 / 3));
            int h = Math.max(12, w * 3 / 4);
            encoded = encode(draw(w, h, index, random), png);
            if (encoded.length <= budget) {
                break;
            }
            bytesPerPixel = (double) encoded.length / (w * h);
        }
        int split = png ? 33 : jpegSplit(encoded);
        int padding = Math.max(0, target - encoded.length);
        byte[] pad = png ? pngPadding(padding, random) : jpegPadding(padding, random);
        byte[] head = java.util.Arrays.copyOfRange(encoded, 0, split);
        byte[] tail = new byte[pad.length + encoded.length - split];
        System.arraycopy(pad, 0, tail, 0, pad.length);
        System.arraycopy(encoded, split, tail, pad.length, encoded.length - split);
        return new Base(head, tail, png);
    }

    /** A photo-like picture: gradient, shapes and grain, different for every index. */
    private static BufferedImage draw(int w, int h, int index, Random random) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setPaint(
                    new java.awt.GradientPaint(
                            0,
                            0,
                            new Color(random.nextInt(0xFFFFFF)),
                            w,
                            h,
                            new Color(random.nextInt(0xFFFFFF))));
            g.fillRect(0, 0, w, h);
            for (int i = 0; i < 12; i++) {
                g.setColor(new Color(random.nextInt(0xFFFFFF)));
                g.fillOval(
                        random.nextInt(w),
                        random.nextInt(h),
                        1 + random.nextInt(w / 3 + 1),
                        1 + random.nextInt(h / 3 + 1));
            }
        } finally {
            g.dispose();
        }
        int[] px = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            int grain = random.nextInt(24) - 12;
            int rgb = px[i];
            int r = clamp(((rgb >> 16) & 0xFF) + grain);
            int gg = clamp(((rgb >> 8) & 0xFF) + grain);
            int b = clamp((rgb & 0xFF) + grain);
            px[i] = (r << 16) | (gg << 8) | b;
        }
        img.setRGB(0, 0, index); // distinct pixels per pool index
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] encode(BufferedImage img, boolean png) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(img, png ? "png" : "jpeg", out)) {
                throw new IllegalStateException("no ImageIO writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Offset after SOI and, when present, the APP0 (JFIF) segment. */
    private static int jpegSplit(byte[] b) {
        if ((b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0xE0) {
            return 4 + (((b[4] & 0xFF) << 8) | (b[5] & 0xFF));
        }
        return 2;
    }

    private static byte[] jpegComment(byte[] payload) {
        byte[] seg = new byte[4 + payload.length];
        seg[0] = (byte) 0xFF;
        seg[1] = (byte) 0xFE;
        seg[2] = (byte) ((payload.length + 2) >> 8);
        seg[3] = (byte) (payload.length + 2);
        System.arraycopy(payload, 0, seg, 4, payload.length);
        return seg;
    }

    /** COM segments (at most 65,533 payload bytes each) adding up to about {@code bytes}. */
    private static byte[] jpegPadding(int bytes, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 16);
        int left = bytes;
        while (left > 4) {
            int payload = Math.min(65_533, left - 4);
            byte[] p = new byte[payload];
            random.nextBytes(p);
            out.writeBytes(jpegComment(p));
            left -= payload + 4;
        }
        return out.toByteArray();
    }

    /** A private ancillary chunk ({@code prVt}: decoders skip it). */
    private static byte[] pngChunk(byte[] payload) {
        byte[] chunk = new byte[12 + payload.length];
        int n = payload.length;
        chunk[0] = (byte) (n >>> 24);
        chunk[1] = (byte) (n >>> 16);
        chunk[2] = (byte) (n >>> 8);
        chunk[3] = (byte) n;
        byte[] type = "prVt".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(type, 0, chunk, 4, 4);
        System.arraycopy(payload, 0, chunk, 8, n);
        CRC32 crc = new CRC32();
        crc.update(chunk, 4, 4 + n);
        long c = crc.getValue();
        chunk[8 + n] = (byte) (c >>> 24);
        chunk[9 + n] = (byte) (c >>> 16);
        chunk[10 + n] = (byte) (c >>> 8);
        chunk[11 + n] = (byte) c;
        return chunk;
    }

    private static byte[] pngPadding(int bytes, Random random) {
        if (bytes <= 12) {
            return new byte[0];
        }
        byte[] p = new byte[bytes - 12];
        random.nextBytes(p);
        return pngChunk(p);
    }
}
