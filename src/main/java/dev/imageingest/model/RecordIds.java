package dev.imageingest.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic record ids: the same input always gets the same id, so replays after a failover can
 * be de-duplicated downstream ({@code QUALIFY ROW_NUMBER() OVER (PARTITION BY record_id ...)}).
 */
public final class RecordIds {
    private static final int ID_BYTES = 16;

    private RecordIds() {}

    /** Id of a valid image record: hash of url, bukken_id and image_type. */
    public static String forImage(String url, String bukkenId, int imageType) {
        return hash(url + '\u0000' + bukkenId + '\u0000' + imageType);
    }

    /** Id of a message that could not be parsed: hash of its raw body. */
    public static String forRawMessage(String body) {
        return hash("raw\u0000" + body);
    }

    private static String hash(String text) {
        byte[] digest = Hashing.sha256(text.getBytes(StandardCharsets.UTF_8));
        return Hashing.hex(digest, ID_BYTES);
    }

    /** SHA-256 helpers shared by record ids and content keys. */
    public static final class Hashing {
        private static final char[] HEX = "0123456789abcdef".toCharArray();

        private Hashing() {}

        public static byte[] sha256(byte[] data) {
            return newSha256().digest(data);
        }

        public static String sha256Hex(byte[] data) {
            return hex(sha256(data));
        }

        /** Lower-case hex of all of {@code bytes}. */
        public static String hex(byte[] bytes) {
            return hex(bytes, bytes.length);
        }

        /**
         * Lower-case hex of the first {@code length} bytes (Java 11 has no {@code HexFormat}; the
         * job must run on Managed Flink's Java 11).
         */
        public static String hex(byte[] bytes, int length) {
            char[] out = new char[length * 2];
            for (int i = 0; i < length; i++) {
                out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
                out[2 * i + 1] = HEX[bytes[i] & 0xF];
            }
            return new String(out);
        }

        public static MessageDigest newSha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every JRE", e);
            }
        }
    }
}
