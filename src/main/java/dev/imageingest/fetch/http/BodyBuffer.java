package dev.imageingest.fetch.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A response body in memory: an exact array when the length is known, else a doubling array capped
 * at the byte limit. The caller checks the limit before {@link #append}.
 */
final class BodyBuffer {
    private static final int INITIAL_UNKNOWN = 64 * 1024;

    private final long limit;
    private byte[] buf;
    private int size;

    BodyBuffer(long declaredLength, long limit) {
        this.limit = limit;
        this.buf =
                new byte
                        [(int)
                                (declaredLength >= 0
                                        ? declaredLength
                                        : Math.min(limit, INITIAL_UNKNOWN))];
    }

    int size() {
        return size;
    }

    void append(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (size + n > buf.length) {
            long grown = Math.max((long) size + n, Math.min(limit, (long) buf.length * 2));
            buf = Arrays.copyOf(buf, (int) grown);
        }
        chunk.get(buf, size, n);
        size += n;
    }

    /** The body, trimmed to its size (a copy only when the array is larger). */
    byte[] bytes() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
}
