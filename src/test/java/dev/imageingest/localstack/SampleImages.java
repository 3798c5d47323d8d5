package dev.imageingest.localstack;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Deterministic small sample images: the same id always gives the same pixels (and, within one JVM,
 * the same bytes); different ids give different colours and shapes, hence different hashes.
 */
public final class SampleImages {
    public static final int WIDTH = 64;
    public static final int HEIGHT = 48;

    private SampleImages() {}

    /** Encodes the image of {@code id} as {@code jpg} or {@code png}. */
    public static byte[] encode(String id, String format) {
        String informal = format.equals("jpg") ? "jpeg" : format;
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            if (!ImageIO.write(draw(id), informal, out)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage draw(String id) {
        Random random = new Random(id.hashCode() * 31L + id.length());
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            for (int i = 0; i < 6; i++) {
                g.setColor(new Color(random.nextInt(0xFFFFFF)));
                int x = random.nextInt(WIDTH);
                int y = random.nextInt(HEIGHT);
                if (random.nextBoolean()) {
                    g.fillRect(x, y, 4 + random.nextInt(24), 4 + random.nextInt(18));
                } else {
                    g.fillOval(x, y, 4 + random.nextInt(24), 4 + random.nextInt(18));
                }
            }
        } finally {
            g.dispose();
        }
        // a stripe of the id's own bytes (no fonts needed) keeps every id's pixels distinct
        byte[] idBytes = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < idBytes.length && i < WIDTH; i++) {
            int v = idBytes[i] & 0xFF;
            img.setRGB(i, HEIGHT - 1, (v << 16) | ((255 - v) << 8) | (v * 7 & 0xFF));
        }
        return img;
    }
}
