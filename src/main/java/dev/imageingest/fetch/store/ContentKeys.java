package dev.imageingest.fetch.store;

/**
 * The one place S3 object keys for images are named: {@code
 * <prefix>/<sha256[0:2]>/<sha256[2:4]>/<sha256>.<ext>}. Content-addressed, so the same bytes always
 * land on the same key (replays are idempotent), and the hashed leading characters spread writes
 * over S3 partitions.
 */
public final class ContentKeys {
    private ContentKeys() {}

    public static String imageKey(String prefix, String sha256Hex, String extension) {
        if (sha256Hex.length() != 64) {
            throw new IllegalArgumentException("not a sha256 hex digest: " + sha256Hex);
        }
        String p = trimSlashes(prefix);
        String rest =
                sha256Hex.substring(0, 2)
                        + '/'
                        + sha256Hex.substring(2, 4)
                        + '/'
                        + sha256Hex
                        + '.'
                        + extension;
        return p.isEmpty() ? rest : p + '/' + rest;
    }

    public static String s3Uri(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }
}
