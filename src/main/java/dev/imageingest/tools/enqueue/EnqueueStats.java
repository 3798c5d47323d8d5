package dev.imageingest.tools.enqueue;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one enqueue run (thread-safe). */
public final class EnqueueStats {
    /** Rows read after the resume point (limit applies to these). */
    final LongAdder read = new LongAdder();

    /** Rows at or below the resume point, read and skipped. */
    final LongAdder skipped = new LongAdder();

    /** Valid rows (in a dry run: validated, not sent). */
    final LongAdder valid = new LongAdder();

    final LongAdder sent = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder invalid = new LongAdder();

    /** Message sends repeated after a transient failure. */
    final LongAdder retried = new LongAdder();

    /** Rows left unsent by an aborted run (a resume sends them). */
    final LongAdder abandoned = new LongAdder();

    public long read() {
        return read.sum();
    }

    public long skipped() {
        return skipped.sum();
    }

    public long valid() {
        return valid.sum();
    }

    public long sent() {
        return sent.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long invalid() {
        return invalid.sum();
    }

    public long retried() {
        return retried.sum();
    }

    public long abandoned() {
        return abandoned.sum();
    }
}
