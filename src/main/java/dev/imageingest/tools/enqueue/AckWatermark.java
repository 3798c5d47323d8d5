package dev.imageingest.tools.enqueue;

import java.util.BitSet;

/**
 * The highest row number at or below which every row is finished (sent, written to the failed file,
 * or reported invalid), although rows finish out of order. Thread-safe. Memory is one bit per row
 * between the watermark and the highest finished row.
 */
public final class AckWatermark {
    private long watermark;

    /** Bit i = row (base + i) finished; base is always watermark + 1. */
    private BitSet above = new BitSet();

    private long base;

    /**
     * @param start rows up to and including this one count as finished (resume offset)
     */
    public AckWatermark(long start) {
        this.watermark = start;
        this.base = start + 1;
    }

    /** Marks one row finished. Rows at or below the watermark are ignored. */
    public synchronized void finished(long row) {
        if (row <= watermark) {
            return;
        }
        above.set(Math.toIntExact(row - base));
        int firstGap = above.nextClearBit(0);
        if (firstGap > 0) {
            watermark = base + firstGap - 1;
            above = above.get(firstGap, Math.max(firstGap, above.length()));
            base = watermark + 1;
        }
    }

    public synchronized long value() {
        return watermark;
    }
}
