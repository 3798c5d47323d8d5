package dev.imageingest.bench.endpoints;

import java.util.ArrayList;
import java.util.List;

/**
 * Names and message layout shared by the benchmark endpoints and the driver: queue, bucket and
 * stream names, credentials, the image host names, and how message {@code i} maps to an image URL.
 * Message {@code i} (1-based) carries {@code bukken_id = i}, so the endpoints can join a path
 * record back to the SQS message it came from (receive time, expected record id).
 */
public final class BenchLayout {
    public static final String QUEUE = "bench";
    public static final String BUCKET = "bench-images";
    public static final String STREAM = "bench-records";
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "bench";
    public static final String SECRET_KEY = "bench-secret";
    public static final String ACCOUNT = "000000000000";
    public static final String TRUST_STORE_PASSWORD = "bench-pass";
    public static final String HOST_SUFFIX = ".bench.test";

    private BenchLayout() {}

    /** {@code img1.bench.test} .. {@code imgN.bench.test}. */
    public static List<String> hostNames(int hosts) {
        List<String> names = new ArrayList<>(hosts);
        for (int h = 1; h <= hosts; h++) {
            names.add("img" + h + HOST_SUFFIX);
        }
        return names;
    }

    /** Pool image a message's URL points at (a fixed permutation, so neighbours differ). */
    public static int poolIndex(long message, int poolSize) {
        return (int) Math.floorMod(message * 7919L, (long) poolSize);
    }

    /** Every {@code pngEvery}-th pool image is a PNG, the rest JPEG (0 = JPEG only). */
    public static boolean isPng(int poolIndex, int pngEvery) {
        return pngEvery > 0 && poolIndex % pngEvery == pngEvery - 1;
    }

    /**
     * Whether message {@code i} uses https: a deterministic spread (not a run of http then https)
     * with the requested fraction, in steps of 0.1%.
     */
    public static boolean isHttps(long message, double httpsFraction) {
        long bucket = Math.floorMod(message * 2654435761L, 1000L);
        return bucket < Math.round(httpsFraction * 1000);
    }

    /** The image URL of message {@code i}. */
    public static String imageUrl(
            long message,
            int hosts,
            double httpsFraction,
            int httpPort,
            int httpsPort,
            int poolSize,
            int pngEvery) {
        boolean https = isHttps(message, httpsFraction);
        int host = (int) Math.floorMod(message, (long) hosts) + 1;
        int pool = poolIndex(message, poolSize);
        return (https ? "https://" : "http://")
                + "img"
                + host
                + HOST_SUFFIX
                + ":"
                + (https ? httpsPort : httpPort)
                + "/i/"
                + pool
                + "/"
                + message
                + (isPng(pool, pngEvery) ? ".png" : ".jpg");
    }

    /** The SQS body of message {@code i}, in the partners' format. */
    public static String body(long message, String url) {
        return "{\"URL\":\""
                + url
                + "\",\"bukken_id\":"
                + message
                + ",\"image_type\":"
                + imageType(message)
                + "}";
    }

    public static int imageType(long message) {
        return (int) (message % 5);
    }

    /** The queue URL on an endpoint ({@code http://127.0.0.1:PORT/000000000000/NAME}). */
    public static String queueUrl(int sqsPort, String queue) {
        return "http://127.0.0.1:" + sqsPort + "/" + ACCOUNT + "/" + queue;
    }

    /** Reads {@code "bukken_id":123} from a bench body without a JSON parser; -1 if absent. */
    public static long bukkenIdOf(String body) {
        int at = body.indexOf("\"bukken_id\":");
        if (at < 0) {
            return -1;
        }
        long v = 0;
        int i = at + "\"bukken_id\":".length();
        boolean any = false;
        while (i < body.length() && Character.isDigit(body.charAt(i))) {
            v = v * 10 + (body.charAt(i) - '0');
            i++;
            any = true;
        }
        return any ? v : -1;
    }
}
