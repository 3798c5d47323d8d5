package dev.imageingest.tools;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The AWS SDK logs through slf4j-api; the jar carries the API but no backend, so slf4j 1.7 would
 * print a three-line "no binding" notice on the first client. This initialises slf4j once with
 * those {@code SLF4J:} lines filtered out, so the tools' stderr carries only their own output.
 */
final class QuietSlf4j {
    private QuietSlf4j() {}

    static void init() {
        PrintStream original = System.err;
        System.setErr(new PrintStream(new DropSlf4jLines(original), true));
        try {
            Class.forName("org.slf4j.LoggerFactory").getMethod("getILoggerFactory").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            original.println(
                    "warning: slf4j-api is not on the class path; the AWS SDK needs it ("
                            + e
                            + ")");
        } finally {
            System.setErr(original);
        }
    }

    /** Passes bytes through line by line, dropping lines that start with "SLF4J:". */
    private static final class DropSlf4jLines extends OutputStream {
        private final PrintStream target;
        private final StringBuilder line = new StringBuilder();

        DropSlf4jLines(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            line.append((char) b);
            if (b == '\n') {
                if (!line.toString().startsWith("SLF4J:")) {
                    target.print(line);
                }
                line.setLength(0);
            }
        }

        @Override
        public void flush() {
            target.flush();
        }
    }
}
