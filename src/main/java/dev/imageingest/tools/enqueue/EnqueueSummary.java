package dev.imageingest.tools.enqueue;

import dev.imageingest.tools.common.ProgressLine;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The summary {@code enqueue} prints at the end: counts, where rejected rows went, how to resume.
 */
final class EnqueueSummary {
    private final boolean dryRun;
    private final boolean fileInput;
    private final Path stateFile;
    private final Path failedOutput;
    private final Path invalidOutput;

    EnqueueSummary(
            boolean dryRun,
            boolean fileInput,
            Path stateFile,
            Path failedOutput,
            Path invalidOutput) {
        this.dryRun = dryRun;
        this.fileInput = fileInput;
        this.stateFile = stateFile;
        this.failedOutput = failedOutput;
        this.invalidOutput = invalidOutput;
    }

    void print(PrintStream out, RowSource source, Enqueuer.Result result, boolean fifo) {
        EnqueueStats s = result.stats();
        out.println("enqueue summary");
        out.println("  source:          " + source.describe());
        out.println(
                "  rows read:       "
                        + s.read()
                        + (s.skipped() > 0 ? " (+" + s.skipped() + " skipped by resume)" : ""));
        out.println(
                (dryRun ? "  valid (dry run): " : "  sent:            ")
                        + (dryRun ? s.valid() : s.sent()));
        out.println(
                "  invalid:         "
                        + s.invalid()
                        + (invalidOutput != null && s.invalid() > 0 ? " -> " + invalidOutput : ""));
        out.println(
                "  failed:          " + s.failed() + (s.failed() > 0 ? " -> " + failedOutput : ""));
        out.println("  retried sends:   " + s.retried());
        long done = dryRun ? s.valid() : s.sent();
        out.printf(
                "  elapsed:         %s (%.0f msg/s)%n",
                ProgressLine.duration(result.elapsedNanos()),
                ProgressLine.rate(done, result.elapsedNanos()));
        out.println(
                "  completed rows:  "
                        + result.completedRows()
                        + (stateFile != null && !dryRun ? " (state file " + stateFile + ")" : ""));
        if (fifo && s.sent() > 0) {
            out.println(
                    "  note:            FIFO queue: records sent again within SQS's 5-minute"
                            + " deduplication window count as sent but are not delivered again");
        }
        if (result.fatal() != null) {
            out.println(
                    "  ABORTED: "
                            + result.fatal().getMessage()
                            + "; "
                            + s.abandoned()
                            + " rows unsent. "
                            + (fileInput
                                    ? "Resume with --resume-from "
                                            + result.completedRows()
                                            + (stateFile != null ? " or the state file" : "")
                                    : "Re-run to resume (the default query skips images that"
                                            + " already have an OK record)"));
        }
    }
}
