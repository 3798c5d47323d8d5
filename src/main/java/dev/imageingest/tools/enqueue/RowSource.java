package dev.imageingest.tools.enqueue;

import java.io.IOException;

/** A stream of rows read with bounded memory (one row, or one fetch, at a time). */
public interface RowSource extends AutoCloseable {

    /** The next row, or null at the end. */
    SourceRow next() throws IOException;

    /** Fraction of the source consumed so far in [0, 1], or NaN when the total is unknown. */
    default double fractionRead() {
        return Double.NaN;
    }

    /** Short description for the summary (file path, JDBC URL + SQL hash). */
    String describe();

    /**
     * What the state file records and a resumed run must match: the same rows in the same order.
     * File sources add a {@link dev.imageingest.tools.common.InputFiles#fingerprint fingerprint} of
     * the content to the path, so another file under the same name does not inherit the resume
     * point.
     */
    default String identity() {
        return describe();
    }

    @Override
    void close() throws IOException;
}
