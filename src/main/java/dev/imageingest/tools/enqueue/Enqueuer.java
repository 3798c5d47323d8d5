package dev.imageingest.tools.enqueue;

import dev.imageingest.tools.common.ExitCodes;
import dev.imageingest.tools.common.ProgressLine;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Reads rows, validates them, and hands valid ones to the {@link BatchSender} in batches of ten,
 * keeping every row's outcome: sent, failed (failed file), invalid (reported), or abandoned when
 * the run aborts. Rows up to {@code resumeFrom} are skipped; {@code limit} caps the rows read after
 * that. The state file (if any) is updated every second and at the end with the highest row below
 * which all rows are finished, after the failed and invalid lines of those rows are on disk (see
 * {@link #checkpoint(LongSupplier, Runnable, LongConsumer)}).
 */
public final class Enqueuer {

    public static final class Settings {
        /** rows 1..resumeFrom are already done */
        private final long resumeFrom;

        /** at most this many rows after the resume point, 0 for no limit */
        private final long limit;

        /** print a progress line to stderr every second */
        private final boolean progress;

        public Settings(long resumeFrom, long limit, boolean progress) {
            this.resumeFrom = resumeFrom;
            this.limit = limit;
            this.progress = progress;
        }

        public long resumeFrom() {
            return resumeFrom;
        }

        public long limit() {
            return limit;
        }

        public boolean progress() {
            return progress;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Settings)) {
                return false;
            }
            Settings that = (Settings) o;
            return resumeFrom == that.resumeFrom
                    && limit == that.limit
                    && progress == that.progress;
        }

        @Override
        public int hashCode() {
            return Objects.hash(resumeFrom, limit, progress);
        }

        @Override
        public String toString() {
            return "Settings[resumeFrom="
                    + resumeFrom
                    + ", limit="
                    + limit
                    + ", progress="
                    + progress
                    + "]";
        }
    }

    /** What a run did. */
    public static final class Result {
        private final EnqueueStats stats;
        private final long completedRows;
        private final Throwable fatal;
        private final int exitCode;
        private final long elapsedNanos;

        public Result(
                EnqueueStats stats,
                long completedRows,
                Throwable fatal,
                int exitCode,
                long elapsedNanos) {
            this.stats = stats;
            this.completedRows = completedRows;
            this.fatal = fatal;
            this.exitCode = exitCode;
            this.elapsedNanos = elapsedNanos;
        }

        public EnqueueStats stats() {
            return stats;
        }

        public long completedRows() {
            return completedRows;
        }

        public Throwable fatal() {
            return fatal;
        }

        public int exitCode() {
            return exitCode;
        }

        public long elapsedNanos() {
            return elapsedNanos;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Result)) {
                return false;
            }
            Result that = (Result) o;
            return Objects.equals(stats, that.stats)
                    && completedRows == that.completedRows
                    && Objects.equals(fatal, that.fatal)
                    && exitCode == that.exitCode
                    && elapsedNanos == that.elapsedNanos;
        }

        @Override
        public int hashCode() {
            return Objects.hash(stats, completedRows, fatal, exitCode, elapsedNanos);
        }

        @Override
        public String toString() {
            return "Result[stats="
                    + stats
                    + ", completedRows="
                    + completedRows
                    + ", fatal="
                    + fatal
                    + ", exitCode="
                    + exitCode
                    + ", elapsedNanos="
                    + elapsedNanos
                    + "]";
        }
    }

    private final Settings settings;
    private final RowReports reports;
    private final StateFile state;
    private final PrintStream err;
    private final EnqueueStats stats = new EnqueueStats();
    private final AckWatermark watermark;

    /**
     * @param state where to record the resume point, or null
     */
    Enqueuer(Settings settings, RowReports reports, StateFile state, PrintStream err) {
        this.settings = settings;
        this.reports = reports;
        this.state = state;
        this.err = err;
        this.watermark = new AckWatermark(settings.resumeFrom());
    }

    /** The listener the {@link BatchSender} reports outcomes to. */
    BatchSender.Listener listener() {
        return new BatchSender.Listener() {
            @Override
            public void sent(OutboundMessage m) {
                stats.sent.increment();
                watermark.finished(m.rowNumber());
            }

            @Override
            public void failed(OutboundMessage m, String reason) {
                reports.failed(m, reason);
                stats.failed.increment();
                watermark.finished(m.rowNumber());
            }

            @Override
            public void abandoned(OutboundMessage m) {
                stats.abandoned.increment();
            }

            @Override
            public void retrying(int entries) {
                stats.retried.add(entries);
            }
        };
    }

    /**
     * Runs to the end of the source (or the limit, or a fatal error).
     *
     * @param sender where valid rows go; null for a dry run (validate only)
     */
    Result run(RowSource source, BatchSender sender) throws IOException, InterruptedException {
        long start = System.nanoTime();
        boolean dryRun = sender == null;
        try (ProgressLine progress =
                new ProgressLine(
                        err, Duration.ofSeconds(1), () -> tick(source, sender, start, dryRun))) {
            List<OutboundMessage> batch = new ArrayList<>(BatchSender.MAX_BATCH);
            SourceRow row;
            while ((row = source.next()) != null) {
                if (row.rowNumber() <= settings.resumeFrom()) {
                    stats.skipped.increment();
                    continue;
                }
                if (settings.limit() > 0 && stats.read() >= settings.limit()) {
                    break;
                }
                if (sender != null && sender.fatal() != null) {
                    break;
                }
                stats.read.increment();
                MessageBodies.Result built = MessageBodies.build(row);
                if (built instanceof MessageBodies.Invalid) {
                    MessageBodies.Invalid invalid = (MessageBodies.Invalid) built;
                    reports.invalid(row, invalid.reason());
                    stats.invalid.increment();
                    watermark.finished(row.rowNumber());
                    continue;
                }
                stats.valid.increment();
                OutboundMessage message = ((MessageBodies.Valid) built).message();
                if (dryRun) {
                    watermark.finished(row.rowNumber());
                    continue;
                }
                batch.add(message);
                if (batch.size() == BatchSender.MAX_BATCH) {
                    sender.send(batch);
                    batch = new ArrayList<>(BatchSender.MAX_BATCH);
                }
            }
            if (!batch.isEmpty()) {
                sender.send(batch);
            }
            if (sender != null) {
                sender.awaitIdle();
            }
        } finally {
            if (!dryRun) {
                checkpoint();
            }
        }
        Throwable fatal = sender == null ? null : sender.fatal();
        int exit =
                fatal != null
                        ? ExitCodes.ERROR
                        : stats.failed() + stats.invalid() > 0 ? ExitCodes.PROBLEMS : ExitCodes.OK;
        long elapsed = System.nanoTime() - start;
        err.println(line(source, sender, elapsed, dryRun));
        return new Result(stats, watermark.value(), fatal, exit, elapsed);
    }

    private String tick(RowSource source, BatchSender sender, long start, boolean dryRun) {
        if (!dryRun) {
            checkpoint();
        }
        return !settings.progress()
                ? null
                : line(source, sender, System.nanoTime() - start, dryRun);
    }

    private void checkpoint() {
        checkpoint(watermark::value, reports::sync, state == null ? rows -> {} : state::write);
    }

    /**
     * Records a resume point that never claims a row whose failed or invalid line could still be
     * lost. The order is the contract: (1) read the watermark: every row at or below it already has
     * its report line written to the buffer, because a row's line is written before the row is
     * marked finished; (2) sync the reports, putting those lines on disk; (3) write the state with
     * the value read in (1). Reading the watermark after the sync instead would let an SDK callback
     * in between buffer a failed line and advance the watermark past it, and a kill -9 would then
     * lose that row for good.
     */
    static void checkpoint(LongSupplier watermark, Runnable syncReports, LongConsumer writeState) {
        long finished = watermark.getAsLong();
        syncReports.run();
        writeState.accept(finished);
    }

    private String line(RowSource source, BatchSender sender, long elapsed, boolean dryRun) {
        long done = dryRun ? stats.valid() : stats.sent();
        double fraction = source.fractionRead();
        if (settings.limit() > 0) {
            fraction =
                    Math.max(
                            Double.isNaN(fraction) ? 0 : fraction,
                            (double) stats.read() / settings.limit());
        }
        return String.format(
                "enqueue: read=%d %s=%d failed=%d invalid=%d retried=%d batches-in-flight=%d"
                        + " rate=%.0f/s%s",
                stats.read(),
                dryRun ? "valid" : "sent",
                done,
                stats.failed(),
                stats.invalid(),
                stats.retried(),
                sender == null ? 0 : sender.inFlight(),
                ProgressLine.rate(done, elapsed),
                ProgressLine.eta(fraction, elapsed));
    }

    public EnqueueStats stats() {
        return stats;
    }
}
