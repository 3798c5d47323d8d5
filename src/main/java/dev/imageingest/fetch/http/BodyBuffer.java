package dev.imageingest.fetch.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A response body in memory: an exact array when the length is known, else a doubling array capped
 * at the bytes reserved for it, so the array never outgrows its budget reservation. The caller
 * checks the limits before {@link #append}.
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

    /** Appends the chunk; the array grows to at most {@code reserved} (at least size + chunk). */
    void append(ByteBuffer chunk, long reserved) {
        int n = chunk.remaining();
        if (size + n > buf.length) {
            long cap = Math.min(limit, reserved);
            long grown = Math.max((long) size + n, Math.min(cap, (long) buf.length * 2));
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
