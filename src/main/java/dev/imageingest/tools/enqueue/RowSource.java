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

    /** Short description for the state file and the summary (file path, JDBC URL + SQL hash). */
    String describe();

    @Override
    void close() throws IOException;
}
