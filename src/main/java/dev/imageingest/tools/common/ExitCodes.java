package dev.imageingest.tools.common;

/** Process exit codes shared by every tool. */
public final class ExitCodes {
    /** Everything done, nothing to report. */
    public static final int OK = 0;

    /** Aborted: the source could not be read, AWS or the database failed, an I/O error. */
    public static final int ERROR = 1;

    /** Bad command line (picocli's usage error code). */
    public static final int USAGE = 2;

    /**
     * Finished, but problems were found: enqueue had invalid or unsendable rows; audit found
     * missing or mismatched objects or unreadable lines.
     */
    public static final int PROBLEMS = 3;

    private ExitCodes() {}
}
