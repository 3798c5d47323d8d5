package dev.imageingest.tools.common;

/** A failure the tools report as one clear line (no stack trace) with a given exit code. */
public class ToolException extends RuntimeException {
    private final int exitCode;

    public ToolException(String message) {
        this(message, ExitCodes.ERROR, null);
    }

    public ToolException(String message, Throwable cause) {
        this(message, ExitCodes.ERROR, cause);
    }

    public ToolException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** A usage problem that picocli cannot detect (conflicting or inconsistent options). */
    public static ToolException usage(String message) {
        return new ToolException(message, ExitCodes.USAGE, null);
    }
}
